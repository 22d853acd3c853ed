"""SOP step 3 pages: the guide editor, the interviewer's preview and the live linter."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import Outcome
from winloss.lib.concurrency import posted_version
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from .forms import LintForm, VersionForm
from .models import OUTCOME_SECTIONS, SECTION_ORDER, GuideVersion, Question, section_for
from .queries import (
    ReviewedQuestion,
    approved_version_for,
    current_version_for,
    preview,
    review,
    review_text,
)


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    version = current_version_for(program)
    context = {
        "version": version,
        "approved": approved_version_for(program),
        "versions": program.guide_versions.select_related("created_by", "approved_by"),
        "can_edit": can(request, Cap.EDIT_GUIDE),
        "can_approve": can(request, Cap.APPROVE_GUIDE),
        "moves": [("up", "Move up"), ("down", "Move down")],
    }
    if version is not None:
        editable = not version.is_approved and context["can_edit"]
        reviewed = review(version)
        context.update(
            editable=editable,
            sections=_sections(program, reviewed),
            open_count=sum(len(q.open_findings) for q in reviewed),
            approve_form=VersionForm(initial={"version": version.version}),
        )
    return render_step(request, program, "guide", "guides/guide.html", context)


def _sections(program: Program, reviewed: list[ReviewedQuestion[Question]]) -> list[dict]:
    in_scope = {section_for(t) for t in program.clean_deal_types()}
    sections = []
    for section in SECTION_ORDER:
        sections.append(
            {
                "section": section,
                "questions": [r for r in reviewed if r.question.section == section],
                "in_scope": section not in OUTCOME_SECTIONS or section in in_scope,
            }
        )
    return sections


@workspace_view(Cap.VIEW_EVIDENCE)
def preview_page(request, ws, program_id):
    """What the interviewer will see for one outcome: the common questions, then its own."""
    program = get_workspace_object(request, Program, program_id)
    versions = program.guide_versions.all()
    version: GuideVersion | None = None
    if number := posted_version(request.GET):
        version = versions.filter(number=number).first()
    version = version or current_version_for(program)
    in_scope = [Outcome(t) for t in program.clean_deal_types()]
    # Stalled deals follow the no-decision questions: offered only when the scope has them.
    outcomes = [
        o for o in Outcome if section_for(o) is not None and (o != Outcome.STALLED or o in in_scope)
    ]
    outcome = request.GET.get("outcome") or (in_scope[0] if in_scope else Outcome.WON)
    if outcome not in [o.value for o in outcomes]:
        outcome = Outcome.WON
    context = {
        "version": version,
        "versions": versions,
        "outcomes": outcomes,
        "in_scope": in_scope,
        "outcome": Outcome(outcome),
        "sections": preview(version, outcome) if version else [],
    }
    return render_step(request, program, "guide", "guides/preview.html", context)


@require_POST
@workspace_view(Cap.EDIT_GUIDE)
def lint(request, ws, program_id):
    """The findings for the wording being typed (htmx), with the saved waivers that still hold."""
    program = get_workspace_object(request, Program, program_id)
    form = LintForm(request.POST)
    text, waivers = "", []
    if form.is_valid():
        text = form.cleaned_data["text"] or ""
        question = Question.objects.filter(
            pk=form.cleaned_data["question"], guide_version__program=program
        ).first()
        if question is not None:
            waivers = list(question.waivers.all())
    return render(
        request,
        "guides/_findings.html",
        {"findings": review_text(text, waivers), "text": text, "live": True},
    )
