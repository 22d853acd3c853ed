"""SOP step 5 pages: the interviews of a program and the interview screen with autosave."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import DecisionRole
from winloss.lib.concurrency import posted_version
from winloss.outreach.forms import ConsentFields
from winloss.outreach.models import ConsentRecord
from winloss.outreach.services import ConsentAnswers
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.steps import render_step

from . import services
from .checklist import checklist
from .models import Interview, InterviewStatus, NoteKind
from .recognise import competitor_patterns, recognise
from .review_services import debrief_visible_to
from .screen import notes_by_kind, questions_for


def _visible_debrief(interview: Interview, user):
    debrief = getattr(interview.entry, "debrief", None)
    return debrief if debrief is not None and debrief_visible_to(interview.entry, user) else None


@workspace_view(Cap.VIEW_EVIDENCE)
def interview_list(request, ws, program):
    program_obj = get_workspace_object(request, Program, program)
    entries = (
        SampleEntry.objects.current(program_obj)
        .filter(status__in=[EntryStatus.SELECTED, EntryStatus.INTERVIEWED])
        .select_related("deal", "contact", "interviewer", "appointment", "interview")
        .annotate(
            has_consent=Exists(
                ConsentRecord.objects.filter(appointment__entry=OuterRef("pk"), notes_allowed=True)
            )
        )
        .order_by("status", "pk")
    )
    mine = request.GET.get("mine") == "1"
    if mine:
        entries = entries.filter(interviewer=request.user)
    return render_step(
        request,
        program,
        "interviews",
        "interviews/list.html",
        {
            "entries": entries,
            "mine": mine,
            "consent_form": ConsentFields(initial={"notes_allowed": True}),
            "can_conduct": can(request, Cap.CONDUCT),
        },
    )


@require_POST
@workspace_view(Cap.CONDUCT)
def start(request, ws, program, entry):
    program = get_workspace_object(request, Program, program)
    entry = get_workspace_object(request, SampleEntry, entry, program=program)
    confirmed = None
    if request.POST.get("confirm_consent"):
        form = ConsentFields(request.POST)
        if not form.is_valid():
            messages.error(request, "Say how the respondent may be quoted.")
            return redirect("interviews:list", ws=ws, program=program.pk)
        confirmed = ConsentAnswers(**form.cleaned_data)
    try:
        interview = services.start_interview(entry, user=request.user, confirmed=confirmed)
    except services.InterviewError as error:
        messages.error(request, str(error))
        return redirect("interviews:list", ws=ws, program=program.pk)
    return redirect("interviews:screen", ws=ws, program=program.pk, interview=interview.pk)


def _interview(request, program, interview) -> Interview:
    program = get_workspace_object(request, Program, program)
    return get_workspace_object(request, Interview, interview, program=program)


@workspace_view(Cap.VIEW_EVIDENCE)
def screen(request, ws, program, interview):
    interview = _interview(request, program, interview)
    questions = questions_for(interview)
    try:
        number = min(max(int(request.GET.get("q", 1)), 1), len(questions) + 1)
    except ValueError:
        number = 1
    question = questions[number - 1] if number <= len(questions) else None
    patterns = competitor_patterns(request.workspace)
    notes = notes_by_kind(interview, question)
    boxes = [
        {
            "kind": kind,
            "label": NoteKind(kind).label,
            "note": note,
            "mentions": recognise(note.text, patterns) if note else [],
            "shortcut": index,
        }
        for index, (kind, note) in enumerate(notes.items(), start=1)
    ]
    editable = can(request, Cap.CONDUCT) and interview.status == InterviewStatus.IN_PROGRESS
    return render_step(
        request,
        program,
        "interviews",
        "interviews/screen.html",
        {
            "interview": interview,
            "questions": questions,
            "question": question,
            "number": number,
            "total": len(questions),
            "boxes": boxes,
            "consent": services.latest_consent(interview),
            "editable": editable,
            "roles": DecisionRole.choices,
            "checklist": checklist(interview) if question is None else [],
            "debrief": _visible_debrief(interview, request.user),
        },
    )


@require_POST
@workspace_view(Cap.CONDUCT)
def save_note(request, ws, program, interview):
    """The autosave endpoint (JSON for the page's script; a plain form post without it)."""
    interview = _interview(request, program, interview)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    question = request.POST.get("question") or None
    try:
        saved = services.save_note(
            interview,
            question_id=int(question) if question else None,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            base_version=posted_version(request.POST),
            user=request.user,
        )
    except (services.InterviewError, ValueError) as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=400)
        messages.error(request, str(error))
        return _back(interview, request.POST.get("q"))
    note = saved.note
    body = {
        "version": note.version,
        "text": note.text,
        "saved_by": str(note.updated_by or ""),
        "saved_at": note.updated.isoformat(),
        "mentions": [
            {"kind": m.kind, "text": m.text, "competitor": m.competitor}
            for m in recognise(note.text, competitor_patterns(request.workspace))
        ],
    }
    if saved.conflict:
        body["conflict"] = True
        if not wants_json:
            messages.error(
                request,
                f"{body['saved_by']} saved this note while you were writing; your text was not "
                f"saved. Theirs: “{note.text}”. Yours: “{request.POST.get('text', '')}”.",
            )
    if wants_json:
        return JsonResponse(body, status=409 if saved.conflict else 200)
    if not saved.conflict:
        messages.success(request, "Saved.")
    return _back(interview, request.POST.get("q"))


@require_POST
@workspace_view(Cap.CONDUCT)
def respondent_role(request, ws, program, interview):
    interview = _interview(request, program, interview)
    try:
        services.set_respondent_role(
            interview, role=request.POST.get("role", ""), user=request.user
        )
    except services.InterviewError as error:
        messages.error(request, str(error))
    return _back(interview, request.POST.get("q"))


@require_POST
@workspace_view(Cap.CONDUCT)
def complete(request, ws, program, interview):
    interview = _interview(request, program, interview)
    try:
        services.complete_interview(interview, user=request.user)
    except services.InterviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Interview completed. Thank the respondent; the reviewer validates the notes next.",
        )
    return redirect("interviews:list", ws=ws, program=interview.program_id)


def _back(interview: Interview, q: str | None):
    """Back to the question the form came from (built here: never a URL from the form)."""
    response = redirect(
        "interviews:screen",
        ws=interview.workspace.slug,
        program=interview.program_id,
        interview=interview.pk,
    )
    if q and q.isdigit():
        response["Location"] += f"?q={q}"
    return response
