"""SOP step 4 pages for the coordinator: who to invite, where each interview stands, consent."""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.programs.health.pace import non_response_warning, response_by_outcome
from winloss.programs.models import Program, SampleEntry
from winloss.programs.steps import render_step

from . import emails, links, services, voices
from .forms import AttemptForm, ByHandForm, ReasonForm, VoiceForm
from .models import Appointment, AppointmentStatus
from .queries import invitation_batch

STATUS_ORDER = [s.value for s in AppointmentStatus]


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    status = request.GET.get("status", "")
    appointments = (
        Appointment.objects.filter(program=program)
        .select_related("entry__deal", "contact", "interviewer")
        .order_by("status", "starts_at", "pk")
    )
    if status in AppointmentStatus.values:
        appointments = appointments.filter(status=status)
    counts = dict(
        Appointment.objects.filter(program=program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    page = Paginator(appointments, 50).get_page(request.GET.get("page"))
    responses = response_by_outcome(program)
    batch = invitation_batch(program)
    refusals = Counter(
        Appointment.objects.filter(
            program=program,
            status__in=[AppointmentStatus.DECLINED, AppointmentStatus.CANCELLED],
        )
        .exclude(refusal_reason="")
        .values_list("refusal_reason", flat=True)[:500]
    )
    return render_step(
        request,
        program,
        "schedule",
        "outreach/schedule.html",
        {
            "page": page,
            "status": status,
            "counts": [(s, AppointmentStatus(s).label, counts.get(s, 0)) for s in STATUS_ORDER],
            # Those already invited are in the list above; the batch shows who is left.
            "batch": [r for r in batch if not r.contacted],
            "contacted": sum(r.contacted for r in batch),
            # Nothing to send when every row left is held back: no button that can only fail.
            "sendable": any(not r.contacted and not r.skip_reason for r in batch),
            "reminder_days": settings.OUTREACH_REMINDER_DAYS,
            "responses": responses,
            "bias": non_response_warning(responses),
            "refusals": refusals.most_common(10),
            "can_schedule": can(request, Cap.SCHEDULE),
        },
    )


@require_POST
@workspace_view(Cap.SCHEDULE)
def send_batch(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    ticked = request.POST.getlist("entry")
    chosen = [int(v) for v in ticked if is_id(v)]
    further = [int(v[6:]) for v in ticked if v.startswith("voice-") and is_id(v[6:])]
    if not chosen and not further:
        messages.error(request, "Tick the respondents to invite.")
        return redirect("outreach:schedule", ws=ws, program_id=program.pk)
    sent = services.send_invitations(
        program, user=request.user, entry_ids=chosen, voice_ids=further
    )
    messages.success(request, f"{sent} invitations are on their way; each one is logged.")
    return redirect("outreach:schedule", ws=ws, program_id=program.pk)


def _appointment(request, program, entry) -> Appointment:
    """The voice the page or form names (``voice``: an appointment id), the first otherwise;
    a voice of another deal is a 404."""
    program = get_workspace_object(request, Program, program)
    entry = get_workspace_object(request, SampleEntry, entry, program=program)
    try:
        return voices.voice_of(entry, request.POST.get("voice") or request.GET.get("voice"))
    except services.OutreachError:
        raise Http404("No such respondent on this deal.") from None


@workspace_view(Cap.VIEW_EVIDENCE)
def appointment_detail(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    begun = appointment.pk is not None  # outreach has begun: it has a record to show
    return render_step(
        request,
        program_id,
        "schedule",
        "outreach/appointment.html",
        {
            "appointment": appointment,
            "voices": voices.voices(appointment.entry) if begun else [appointment],
            "voice_form": VoiceForm(entry=appointment.entry),
            "consent": appointment.consents.select_related("statement", "recording_text").first()
            if begun
            else None,
            "messages_sent": appointment.messages.all()[:50] if begun else [],
            "attempts": appointment.attempts.select_related("by")[:50] if begun else [],
            "attempt_form": AttemptForm(),
            # The buyer's answers as they gave them: nothing ticked for them.
            "hand_form": ByHandForm(initial={"version": appointment.version}),
            "can_schedule": can(request, Cap.SCHEDULE),
            # Only those who may schedule see the buyer's link: it acts for the buyer.
            "buyer_link": _buyer_link(appointment) if can(request, Cap.SCHEDULE) else None,
            "respondent_when": emails.when_text(appointment)
            if appointment.respondent_timezone
            else "",
        },
    )


def _buyer_link(appointment: Appointment) -> dict | None:
    link = links.current(appointment) if appointment.pk is not None else None
    if link is None:
        return None
    return {"link": link, "url": links.url_for(link)}


def _back(ws, appointment) -> object:
    url = reverse(
        "outreach:appointment",
        kwargs={"ws": ws, "program_id": appointment.program_id, "entry_id": appointment.entry_id},
    )
    return redirect(f"{url}?voice={appointment.pk}")


@require_POST
@workspace_view(Cap.SCHEDULE)
def add_voice(request, ws, program_id, entry_id):
    program = get_workspace_object(request, Program, program_id)
    entry = get_workspace_object(request, SampleEntry, entry_id, program=program)
    form = VoiceForm(request.POST, entry=entry)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("outreach:appointment", ws=ws, program_id=program.pk, entry_id=entry.pk)
    data = form.cleaned_data
    with errors_as_message(request):
        appointment = voices.add_voice(
            entry,
            contact=data["contact"],
            name=data["name"],
            email=data["email"],
            title=data["title"],
            role=data["role"],
            user=request.user,
        )
        messages.success(
            request,
            f"{appointment.contact} is a further voice on this deal: invite them with the next "
            "batch, or book a time agreed by phone.",
        )
        return _back(ws, appointment)
    return redirect("outreach:appointment", ws=ws, program_id=program.pk, entry_id=entry.pk)


@require_POST
@workspace_view(Cap.SCHEDULE)
def attempt(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    form = AttemptForm(request.POST)
    if form.is_valid():
        with errors_as_message(request):
            services.record_attempt(appointment, user=request.user, **form.cleaned_data)
            messages.success(request, "Contact attempt recorded.")
    else:
        messages.error(request, "Say how you reached out and what happened.")
    return _back(ws, appointment)


@require_POST
@workspace_view(Cap.SCHEDULE)
def decline(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Record the refusal reason.")
        return _back(ws, appointment)
    with errors_as_message(request):
        proposal = services.record_decline(
            appointment,
            reason=form.cleaned_data["reason"],
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
        appointment.entry.refresh_from_db(fields=["status"])
        if proposal:
            then = f" Proposed replacement: “{proposal}”."
        elif appointment.entry.is_active:
            then = " The deal stays in the sample: another of its people can still be heard."
        else:
            then = " No replacement left."
        messages.success(request, "Refusal recorded." + then)
    return _back(ws, appointment)


@require_POST
@workspace_view(Cap.SCHEDULE)
def book_by_hand(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    form = ByHandForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the date, time, format and the buyer's consent answers.")
        return _back(ws, appointment)
    data = form.cleaned_data
    stale = "Someone changed this interview meanwhile: nothing was saved."
    with errors_as_message(request, stale=stale):
        services.schedule_by_hand(
            appointment,
            starts_at=data["starts_at"],
            format=data["format"],
            location=data["location"],
            answers=services.ConsentAnswers(
                notes_allowed=data["notes_allowed"],
                recording_allowed=data["recording_allowed"],
                transcription_allowed=data["transcription_allowed"],
                attribution=data["attribution"],
            ),
            user=request.user,
            expected_version=data["version"],
        )
        messages.success(request, "Interview scheduled; the confirmation is on its way.")
    return _back(ws, appointment)


@require_POST
@workspace_view(Cap.SCHEDULE)
def reissue_link(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    with errors_as_message(request):
        services.reissue_link(appointment, user=request.user)
        messages.success(
            request, "New link ready below; every older link now says it was replaced."
        )
    return _back(ws, appointment)


@require_POST
@workspace_view(Cap.SCHEDULE)
def no_show(request, ws, program_id, entry_id):
    appointment = _appointment(request, program_id, entry_id)
    with errors_as_message(request):
        services.mark_no_show(appointment, user=request.user)
        messages.success(request, "Marked as a no-show.")
    return _back(ws, appointment)


@workspace_view(Cap.VIEW_EVIDENCE)
def calendar(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    start = timezone.localdate()
    scheduled = (
        Appointment.objects.filter(
            program=program,
            status=AppointmentStatus.SCHEDULED,
            starts_at__date__gte=start - dt.timedelta(days=7),
        )
        .select_related("entry__deal", "contact", "interviewer")
        .order_by("starts_at")[:500]
    )
    days: dict[dt.date, list[Appointment]] = {}
    for appointment in scheduled:
        days.setdefault(timezone.localtime(appointment.starts_at).date(), []).append(appointment)
    return render_step(
        request, program, "schedule", "outreach/calendar.html", {"days": sorted(days.items())}
    )
