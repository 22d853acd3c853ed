"""The survey's pages: the builder, the respondent's preview per outcome, the live linter."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import Outcome
from winloss.guides.forms import LintForm, VersionForm
from winloss.guides.queries import review_text
from winloss.lib.concurrency import posted_version
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from ..models import MAX_OPEN_QUESTIONS, QuestionKind, Survey, SurveyQuestion
from . import timing
from .bank import MAX_FACTORS
from .cards import card_for
from .forms import FactorForm
from .queries import (
    approved_survey_for,
    current_survey_for,
    draft_survey_for,
    factor_themes,
    factors_of,
    respondent_view,
    review,
)
from .services import SINGLE_KINDS
from .wording import DECISION, DECISION_WORDS, PREVIEW_OUTCOMES

MOVES = [("up", "Move up"), ("down", "Move down")]


@workspace_view(Cap.VIEW_EVIDENCE)
def survey_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    draft, approved = draft_survey_for(program), approved_survey_for(program)
    survey = draft or approved
    context = {
        "survey": survey,
        "approved": approved,
        "versions": program.surveys.select_related("created_by", "approved_by"),
        "can_edit": can(request, Cap.EDIT_SURVEY),
        "can_approve": can(request, Cap.APPROVE_SURVEY),
        "moves": MOVES,
        "decision": DECISION,
        "decision_words": [(Outcome(o).label, words) for o, words in DECISION_WORDS.items()],
    }
    if survey is not None:
        reviewed = review(survey)
        factors = factors_of(survey)
        editable = not survey.is_approved and context["can_edit"]
        kinds = [r.question.kind for r in reviewed]
        longest = timing.estimate(kinds, len(factors), Outcome.LOST)
        context.update(
            editable=editable,
            reviewed=reviewed,
            timed=[
                (r, seconds) for r, (_kind, seconds) in zip(reviewed, longest.items, strict=True)
            ],
            estimate=longest,
            estimate_won=timing.estimate(kinds, len(factors), Outcome.WON),
            limit_minutes=timing.LIMIT_MINUTES,
            factor_seconds=3 * timing.RATING_SECONDS,
            factors=factors,
            open_count=sum(len(r.open_findings) for r in reviewed),
            approve_form=VersionForm(initial={"version": survey.version}),
        )
        if editable:
            context.update(_add_forms(program, survey, reviewed, factors))
    open_count = context.get("open_count", 0) if draft is not None else 0
    context["card"] = card_for(approved, draft, open_count)
    return render_step(request, program, "survey", "surveys/builder/survey.html", context)


def _add_forms(program: Program, survey: Survey, reviewed, factors) -> dict:
    """What may still be added: the kinds not used up, the themes not yet factors."""
    kinds = [r.question.kind for r in reviewed]
    addable = [
        kind
        for kind in QuestionKind
        if (kind in SINGLE_KINDS and kind not in kinds)
        or (kind == QuestionKind.OPEN and kinds.count(kind) < MAX_OPEN_QUESTIONS)
    ]
    chosen = [f.theme_id for f in factors]
    themes = factor_themes(program.workspace_id).exclude(pk__in=chosen)
    return {
        "addable_kinds": addable,
        "factor_form": FactorForm(themes=themes) if len(factors) < MAX_FACTORS else None,
        "max_factors": MAX_FACTORS,
    }


@workspace_view(Cap.VIEW_EVIDENCE)
def preview_page(request, ws, program_id):
    """The survey as a buyer of one outcome sees it, its main-reason question in their words."""
    program = get_workspace_object(request, Program, program_id)
    versions = program.surveys.all()
    survey: Survey | None = None
    if number := posted_version(request.GET):
        survey = versions.filter(number=number).first()
    survey = survey or current_survey_for(program)
    in_scope = [Outcome(t) for t in program.clean_deal_types()]
    # Stalled deals are offered only when the scope has them, as in the guide's preview.
    outcomes = [o for o in PREVIEW_OUTCOMES if o != Outcome.STALLED or o in in_scope]
    chosen = request.GET.get("outcome")
    default = next((o for o in in_scope if o in outcomes), Outcome.WON)
    outcome = Outcome(chosen) if chosen in [o.value for o in outcomes] else default
    context = {
        "survey": survey,
        "versions": versions,
        "outcomes": outcomes,
        "in_scope": in_scope,
        "outcome": outcome,
        "shown": respondent_view(survey, outcome) if survey else [],
    }
    return render_step(request, program, "survey", "surveys/builder/preview.html", context)


@require_POST
@workspace_view(Cap.EDIT_SURVEY)
def lint(request, ws, program_id):
    """The findings for the wording being typed (htmx), with the saved waivers that still hold."""
    program = get_workspace_object(request, Program, program_id)
    form = LintForm(request.POST)
    text, waivers = "", []
    if form.is_valid():
        text = form.cleaned_data["text"] or ""
        question = SurveyQuestion.objects.filter(
            pk=form.cleaned_data["question"], survey__program=program
        ).first()
        if question is not None:
            waivers = list(question.waivers.all())
    return render(
        request,
        "guides/_findings.html",
        {"findings": review_text(text, waivers), "text": text, "live": True},
    )
