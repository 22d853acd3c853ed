"""SOP step 5 pages: the interviews of a program and the interview screen with autosave."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import DecisionRole
from winloss.lib.concurrency import posted_version
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.outreach.forms import ConsentFields
from winloss.outreach.models import Appointment, ConsentRecord
from winloss.outreach.queries import latest_consent
from winloss.outreach.services import ConsentAnswers
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.steps import render_step

from . import services
from .checklist import checklist
from .models import Interview, InterviewStatus, NoteKind
from .queries import get_interview
from .recognise import competitor_patterns, recognise
from .review.services import debrief_visible_to
from .screen import notes_by_kind, opening_statement, questions_for, title_for, who_and_what


def _visible_debrief(interview: Interview, user):
    debrief = getattr(interview.entry, "debrief", None)
    return debrief if debrief is not None and debrief_visible_to(interview.entry, user) else None


@workspace_view(Cap.VIEW_EVIDENCE)
def interview_list(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    voices = Appointment.objects.select_related("contact").annotate(
        has_consent=Exists(
            ConsentRecord.objects.filter(appointment=OuterRef("pk"), notes_allowed=True)
        )
    )
    entries = (
        SampleEntry.objects.current(program)
        .filter(status__in=[EntryStatus.SELECTED, EntryStatus.INTERVIEWED])
        .select_related("deal", "contact", "interviewer")
        .prefetch_related(Prefetch("appointments", voices), "interviews")
        .order_by("status", "pk")
    )
    mine = request.GET.get("mine") == "1"
    if mine:
        entries = entries.filter(interviewer=request.user)
    rows = voice_rows(list(entries))
    for row in rows:
        # A form per row (per voice: a deal may be heard twice) with its own ids, so a label
        # ticks the box of its own row; nothing ticked before the respondent answers.
        key = f"a{row.appointment.pk}" if row.appointment else f"e{row.entry.pk}"
        row.consent_form = ConsentFields(auto_id=f"id_{key}_%s")
    return render_step(
        request,
        program,
        "interviews",
        "interviews/list.html",
        {
            "rows": rows,
            "mine": mine,
            "can_conduct": can(request, Cap.CONDUCT),
        },
    )


@dataclass
class VoiceRow:
    entry: SampleEntry
    appointment: Appointment | None
    interview: Interview | None
    further: bool  # a further voice on the deal, not the sample's respondent
    consent_form: ConsentFields | None = None


def voice_rows(entries) -> list[VoiceRow]:
    """One row per person the deal is heard from (the sample's respondent first)."""
    rows = []
    for entry in entries:
        interviews = {i.appointment_id: i for i in entry.interviews.all()}
        voices = sorted(entry.appointments.all(), key=lambda a: a.pk) or [None]
        for n, voice in enumerate(voices):
            interview = interviews.get(voice.pk if voice else None)
            if interview is None and n == 0:
                interview = interviews.get(None)  # imported: no appointment
            rows.append(VoiceRow(entry, voice, interview, further=n > 0))
    return rows


@require_POST
@workspace_view(Cap.CONDUCT)
def start(request, ws, program_id, entry_id):
    program = get_workspace_object(request, Program, program_id)
    entry = get_workspace_object(request, SampleEntry, entry_id, program=program)
    voice = request.POST.get("voice", "")
    appointment = None
    if voice:
        if is_id(voice):
            appointment = Appointment.objects.filter(entry=entry, pk=voice).first()
        if appointment is None:
            raise Http404("No such respondent on this deal.")
    confirmed = None
    if request.POST.get("confirm_consent"):
        form = ConsentFields(request.POST)
        if not form.is_valid():
            messages.error(request, "Say how the respondent may be quoted.")
            return redirect("interviews:list", ws=ws, program_id=program.pk)
        confirmed = ConsentAnswers(**form.cleaned_data)
    with errors_as_message(request):
        interview = services.start_interview(
            entry, user=request.user, confirmed=confirmed, appointment=appointment
        )
        return redirect(
            "interviews:screen", ws=ws, program_id=program.pk, interview_id=interview.pk
        )
    return redirect("interviews:list", ws=ws, program_id=program.pk)


@workspace_view(Cap.VIEW_EVIDENCE)
def screen(request, ws, program_id, interview_id):
    """The interview screen; asked by its own script for another question, only that
    question's block, so moving on over a poor connection is not a whole page."""
    interview = get_interview(request, program_id, interview_id)
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
    context = {
        "interview": interview,
        "questions": questions,
        "question": question,
        "number": number,
        "total": len(questions),
        "boxes": boxes,
        "editable": editable,
        "roles": DecisionRole.choices,
        "checklist": checklist(interview) if question is None else [],
    }
    if request.headers.get("X-Question-Block") == "1":
        response = render(
            request, "interviews/_question.html", {**context, "program": interview.program}
        )
        patch_vary_headers(response, ["X-Question-Block"])
        return response
    consent = latest_consent(interview)
    response = render_step(
        request,
        program_id,
        "interviews",
        "interviews/screen.html",
        {
            **context,
            "title": title_for(interview.entry.deal),
            "who": who_and_what(interview),
            "opening": opening_statement(interview, consent) if editable else [],
            "consent": consent,
            "debrief": _visible_debrief(interview, request.user),
        },
    )
    patch_vary_headers(response, ["X-Question-Block"])  # a cached block is not the page
    return response


@require_POST
@workspace_view(Cap.CONDUCT)
def save_note(request, ws, program_id, interview_id):
    """The autosave endpoint (JSON for the page's script; a plain form post without it)."""
    interview = get_interview(request, program_id, interview_id)
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
def respondent_role(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    with errors_as_message(request):
        services.set_respondent_role(
            interview, role=request.POST.get("role", ""), user=request.user
        )
    return _back(interview, request.POST.get("q"))


@require_POST
@workspace_view(Cap.CONDUCT)
def complete(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    with errors_as_message(request):
        services.complete_interview(
            interview, user=request.user, kept_on_device=_kept(request.POST.get("kept", ""))
        )
        messages.success(
            request,
            "Interview completed. Thank the respondent; the reviewer validates the notes next.",
        )
        return redirect("interviews:list", ws=ws, program_id=interview.program_id)
    return _back(interview, str(len(questions_for(interview)) + 1))


def _kept(raw: str) -> list[services.KeptNote]:
    """The notes the page's script says this device still holds unsent (see interview.js)."""
    try:
        entries = json.loads(raw or "[]")
    except ValueError:
        entries = [{}]  # unreadable: refuse rather than complete past unsaved words
    if not isinstance(entries, list):
        entries = [{}]
    kept = []
    for entry in entries:
        entry = entry if isinstance(entry, dict) else {}
        question, version = str(entry.get("question") or ""), str(entry.get("version"))
        kept.append(
            services.KeptNote(
                question_id=int(question) if is_id(question) else None,
                kind=str(entry.get("kind", "")),
                version=int(version) if is_id(version) else 0,
            )
        )
    return kept


def _back(interview: Interview, q: str | None):
    """Back to the question the form came from (built here: never a URL from the form)."""
    response = redirect(
        "interviews:screen",
        ws=interview.workspace.slug,
        program_id=interview.program_id,
        interview_id=interview.pk,
    )
    if q and is_id(q):
        response["Location"] += f"?q={q}"
    return response
