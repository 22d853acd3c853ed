"""SOP step 6 pages (the reviewer's queue and checklist) and the rep's debrief form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.concurrency import posted_version
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.lib.forms import is_id
from winloss.programs.models import ACTIVE_STATUSES, Program, SampleEntry
from winloss.programs.steps import render_step

from ..checklist import MAY_BE_ABSENT, checklist, checklists
from ..models import Interview, Note, RepDebrief
from ..queries import get_interview, validation_of
from . import services as reviews
from .forms import DebriefForm


@workspace_view(Cap.VIEW_EVIDENCE)
def validate(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    interviews = (
        Interview.objects.filter(program=program)
        .select_related("interviewer")
        .order_by("status", "-completed_at")
    )
    rows = [
        (interview, [item for item in items if not item.done])
        for interview, items in checklists(interviews[:200])
    ]
    return render_step(request, program, "validate", "interviews/validate.html", {"rows": rows})


@workspace_view(Cap.VIEW_EVIDENCE)
def review(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    debrief = RepDebrief.objects.filter(entry=interview.entry).first()
    if debrief is not None and not reviews.debrief_visible_to(interview.entry, request.user):
        debrief = None
    return render_step(
        request,
        program_id,
        "validate",
        "interviews/review.html",
        {
            "interview": interview,
            "validation": validation_of(interview),
            "items": checklist(interview),
            "notes": Note.objects.filter(interview=interview)
            .exclude(text="")
            .select_related("question")
            .order_by("question__section", "question__position", "kind"),
            "debrief": debrief,
            "can_review": can(request, Cap.REVIEW),
        },
    )


def _decide(request, ws, program, interview, action):
    interview = get_interview(request, program, interview)
    stale = "Someone else decided on this interview meanwhile: reload."
    with errors_as_message(request, stale=stale):
        action(interview, posted_version(request.POST))
    return redirect(
        "interviews:review", ws=ws, program_id=interview.program_id, interview_id=interview.pk
    )


@require_POST
@workspace_view(Cap.REVIEW)
def sign_off(request, ws, program_id, interview_id):
    def act(interview, version):
        reviews.sign_off(interview, user=request.user, expected_version=version)
        messages.success(request, "Validated: the interview now counts in analysis.")

    return _decide(request, ws, program_id, interview_id, act)


@require_POST
@workspace_view(Cap.REVIEW)
def send_back(request, ws, program_id, interview_id):
    def act(interview, version):
        reviews.return_to_interviewer(
            interview,
            user=request.user,
            comments=request.POST.get("comments", ""),
            expected_version=version,
        )
        messages.success(request, "Returned to the interviewer with your comments.")

    return _decide(request, ws, program_id, interview_id, act)


@require_POST
@workspace_view(Cap.CONDUCT)
def confirm_absent(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    with errors_as_message(request):
        for item in MAY_BE_ABSENT:
            reviews.confirm_absent(
                interview, item=item, absent=request.POST.get(item) == "on", user=request.user
            )
    response = redirect(
        "interviews:screen", ws=ws, program_id=interview.program_id, interview_id=interview.pk
    )
    response["Location"] += (
        f"?q={request.POST.get('q', '')}" if is_id(request.POST.get("q", "")) else ""
    )
    return response


@workspace_view(Cap.VIEW)
def debriefs(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    entries = [
        e
        for e in SampleEntry.objects.current(program)
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("deal", "debrief")
        if e.deal.is_owned_by(request.user)
    ]
    return render_step(
        request, program, "interviews", "interviews/debriefs.html", {"entries": entries}
    )


@workspace_view(Cap.VIEW)
def debrief(request, ws, program_id, entry_id):
    program = get_workspace_object(request, Program, program_id)
    entry = get_workspace_object(request, SampleEntry, entry_id, program=program)
    if not entry.deal.is_owned_by(request.user):
        if not can(request, Cap.VIEW_EVIDENCE):
            raise PermissionDenied("Only the deal's owner gives the rep's debrief.")
        if not reviews.debrief_visible_to(entry, request.user):
            raise PermissionDenied(
                "The rep's account stays hidden until the interview is completed."
            )
    existing = RepDebrief.objects.filter(entry=entry).first()
    form = DebriefForm(
        request.POST or None,
        workspace=request.workspace,
        won=entry.outcome == "won",
        initial={
            "main_reason": existing.main_reason if existing else None,
            "what_else": existing.what_else if existing else "",
            "competitor": existing.competitor_id if existing else None,
            "do_differently": existing.do_differently if existing else "",
            "version": existing.version if existing else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on_form(form):
            reviews.submit_debrief(
                entry,
                user=request.user,
                main_reason=data["main_reason"],
                what_else=data["what_else"],
                competitor=data["competitor"],
                do_differently=data.get("do_differently", ""),
                expected_version=data.get("version"),
            )
            messages.success(request, "Thank you: your debrief is saved.")
            return redirect("interviews:debriefs", ws=ws, program_id=program.pk)
    return render_step(
        request,
        program,
        "interviews",
        "interviews/debrief.html",
        {
            "entry": entry,
            "form": form,
            "existing": existing,
            "readonly": not entry.deal.is_owned_by(request.user),
        },
    )
