"""Writes for SOP step 4: invite, book, reschedule, cancel, decline, remind, record attempts.

The respondent's own actions (book, decline, reschedule, cancel) come through a signed link
and are checked here, on the server, whatever the page sent.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.jobs.services import enqueue_on_commit
from winloss.lib.concurrency import save_versioned
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.sampling.services import record_refusal

from . import consent, emails, links
from .models import (
    Appointment,
    AppointmentStatus,
    Attribution,
    Availability,
    Channel,
    ConsentKind,
    ConsentRecord,
    ContactAttempt,
    Format,
    LinkPurpose,
    MessageKind,
    OutreachMessage,
    RespondentLink,
)
from .slots import is_open
from .tasks import send_outreach_message


class OutreachError(Exception):
    """A scheduling change that cannot be made, said for the person who asked."""


# Appointments -------------------------------------------------------------------------------


def appointment_for(entry: SampleEntry) -> Appointment:
    """The entry's appointment, created on first use with the sample's respondent."""
    appointment, _ = Appointment.objects.get_or_create(
        entry=entry,
        defaults={
            "workspace": entry.workspace,
            "program": entry.program,
            "contact": entry.contact,
            "interviewer": entry.interviewer,
        },
    )
    return appointment


@dataclass(frozen=True)
class Recipient:
    entry: SampleEntry
    email: str
    skip_reason: str  # empty when the invitation will go
    contacted: bool = False  # invited already (or further): nothing more for the batch to do


def invitation_batch(program: Program) -> list[Recipient]:
    """Exactly who an invitation batch would email, and why the others are left out."""
    entries = (
        SampleEntry.objects.current(program)
        .filter(status=EntryStatus.SELECTED)
        .select_related("deal", "contact", "interviewer", "appointment")
        .order_by("outcome", "pk")
    )
    batch = []
    for entry in entries:
        appointment = getattr(entry, "appointment", None)
        contact = entry.contact
        reason = ""
        contacted = appointment is not None and appointment.status != AppointmentStatus.NOT_INVITED
        if contacted:
            reason = f"Already {appointment.get_status_display().lower()}"
        elif contact is None:
            reason = "No contact on record"
        elif contact.do_not_contact:
            reason = "Do not contact"
        elif not contact.email:
            reason = "No email address: call instead"
        elif entry.interviewer is None:
            reason = "No interviewer assigned"
        batch.append(Recipient(entry, contact.email if contact else "", reason, contacted))
    return batch


@transaction.atomic
def send_invitations(
    program: Program, *, user, entry_ids: list[int] | None = None, send: bool = True
) -> int:
    """Invite every respondent of the batch (or the chosen ones) who may be emailed.

    ``send=False`` records everything (links, messages, the log) but emails nobody: for the
    demo, whose buyers are invented.
    """
    sent = 0
    for recipient in invitation_batch(program):
        if recipient.skip_reason or (entry_ids is not None and recipient.entry.pk not in entry_ids):
            continue
        appointment = appointment_for(recipient.entry)
        link = links.new_link(appointment, LinkPurpose.SCHEDULE)
        Appointment.objects.filter(pk=appointment.pk).update(
            status=AppointmentStatus.INVITED, invited_at=timezone.now()
        )
        appointment.refresh_from_db()
        queue_message(appointment, MessageKind.INVITATION, link=link, send=send)
        sent += 1
    if sent:
        log_action(program, "outreach.invited", user=user, data={"count": sent})
    return sent


def queue_message(
    appointment: Appointment, kind: str, *, link: RespondentLink | None = None, send: bool = True
) -> OutreachMessage | None:
    """Log the message as it will read (its link left out) and send it once committed
    (unless ``send`` is False: then it stays queued, for no task)."""
    contact = appointment.contact
    if contact is None or not contact.email or contact.do_not_contact:
        return None
    rendered = emails.render(appointment, kind)
    message = OutreachMessage.objects.create(
        appointment=appointment,
        kind=kind,
        to=contact.email,
        subject=rendered.subject,
        body=rendered.body,
        link=link,
    )
    if send:
        enqueue_on_commit(send_outreach_message, message.pk)
    return message


def _tell_interviewer(appointment: Appointment, kind: str, *, send: bool = True) -> None:
    interviewer = appointment.interviewer
    if interviewer is None:
        return
    what = {
        MessageKind.CONFIRMATION: "Interview booked",
        MessageKind.RESCHEDULE: "Interview moved",
        MessageKind.CANCELLATION: "Interview cancelled",
    }[kind]
    respondent = appointment.contact.name if appointment.contact else "the respondent"
    message = OutreachMessage.objects.create(
        appointment=appointment,
        kind=kind,
        to=interviewer.email,
        subject=f"{what}: {appointment.entry.deal}, {emails.when_text(appointment)}",
        body=(
            f"{what}: {respondent} about “{appointment.entry.deal}”, "
            f"{emails.when_text(appointment)}, {appointment.get_format_display().lower()}.\n"
            "Use the approved guide; the rep's account of the deal stays hidden until the "
            "interview is completed."
        ),
    )
    if send:
        enqueue_on_commit(send_outreach_message, message.pk)


# The respondent's side ----------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentAnswers:
    notes_allowed: bool
    recording_allowed: bool
    transcription_allowed: bool
    attribution: str


def _zone(name: str) -> str:
    try:
        return ZoneInfo(name).key
    except (ZoneInfoNotFoundError, ValueError):
        raise OutreachError("Choose your time zone from the list.") from None


def record_consent(
    appointment: Appointment, answers: ConsentAnswers, *, given_by: str
) -> ConsentRecord:
    if answers.attribution not in Attribution.values:
        raise OutreachError("Say whether and how you may be quoted.")
    if not answers.notes_allowed:
        raise OutreachError(
            "The interview needs permission to take notes. If you would rather not, decline "
            "instead: nothing is held against you."
        )
    statement = consent.current_text(appointment.workspace, ConsentKind.STATEMENT)
    recording = consent.current_text(appointment.workspace, ConsentKind.RECORDING)
    shown = "\n\n".join(
        consent.render(t, program=appointment.program) for t in (statement, recording)
    )
    return ConsentRecord.objects.create(
        appointment=appointment,
        statement=statement,
        recording_text=recording,
        shown_text=shown,
        notes_allowed=answers.notes_allowed,
        recording_allowed=answers.recording_allowed,
        # A transcript is made from a recording: no recording, no transcript.
        transcription_allowed=answers.transcription_allowed and answers.recording_allowed,
        attribution=answers.attribution,
        given_by=given_by,
    )


@transaction.atomic
def book(
    token: str,
    *,
    starts_at: dt.datetime,
    format: str,
    timezone_name: str,
    answers: ConsentAnswers,
    location: str = "",
    concerns: str = "",
) -> Appointment:
    """The respondent picks a slot and answers the consent questions (one use of the link)."""
    link = links.resolve(token, for_update=True)
    if link.purpose != LinkPurpose.SCHEDULE:
        raise links.LinkUnusable("This link is for changing an interview, not booking one.")
    appointment = Appointment.objects.select_for_update().get(pk=link.appointment_id)
    if format not in Format.values:
        raise OutreachError("Choose phone, video call or in person.")
    if not is_open(appointment, starts_at):
        raise OutreachError("That time has just been taken or is no longer open: pick another.")
    record_consent(appointment, answers, given_by=_respondent(appointment))
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.starts_at = starts_at
    appointment.format = format
    appointment.respondent_timezone = _zone(timezone_name)
    appointment.location = location.strip()
    appointment.concerns = concerns.strip()
    appointment.version += 1
    appointment.save()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    manage = links.new_link(appointment, LinkPurpose.MANAGE)
    queue_message(appointment, MessageKind.CONFIRMATION, link=manage)
    _tell_interviewer(appointment, MessageKind.CONFIRMATION)
    log_action(
        appointment.program,
        "outreach.booked",
        actor=_respondent(appointment),
        data={"deal": str(appointment.entry.deal), "when": appointment.starts_at},
    )
    return appointment


@transaction.atomic
def decline(token: str, *, reason: str) -> SampleEntry | None:
    """The respondent would rather not: a refusal with their reason, and a replacement
    proposed from the same stratum (SOP step 2). Returns the proposal, if any."""
    link = links.resolve(token, for_update=True)
    appointment = Appointment.objects.select_for_update().get(pk=link.appointment_id)
    reason = reason.strip() or "Declined without giving a reason."
    return _refuse(appointment, reason=reason, actor=_respondent(appointment), link=link)


def _refuse(appointment: Appointment, *, reason: str, actor: str, link=None, user=None):
    was_scheduled = appointment.status == AppointmentStatus.SCHEDULED
    appointment.status = AppointmentStatus.DECLINED
    appointment.refusal_reason = reason
    appointment.version += 1
    appointment.save()
    _close_links(appointment)
    if was_scheduled:
        appointment.ics_sequence += 1
        appointment.save(update_fields=["ics_sequence"])
        _tell_interviewer(appointment, MessageKind.CANCELLATION)
    log_action(
        appointment.program,
        "outreach.declined",
        user=user,
        actor=actor,
        data={"deal": str(appointment.entry.deal), "reason": reason},
    )
    return _refuse_in_sample(appointment, reason=reason, user=user)


def _close_links(appointment: Appointment) -> None:
    """No link of this appointment works any more (it was declined, cancelled or booked)."""
    appointment.links.filter(used_at=None, revoked_at=None).update(revoked_at=timezone.now())


def _refuse_in_sample(appointment: Appointment, *, reason: str, user) -> SampleEntry | None:
    """The sample learns of the refusal and proposes a replacement (SOP step 2)."""
    entry = appointment.entry
    if entry.status != EntryStatus.SELECTED:
        return None
    return record_refusal(
        entry, status=EntryStatus.DECLINED, reason=reason, user=user, expected_version=entry.version
    )


@transaction.atomic
def reschedule(
    token: str, *, starts_at: dt.datetime, timezone_name: str | None = None
) -> Appointment:
    link = links.resolve(token, for_update=True)
    if link.purpose != LinkPurpose.MANAGE:
        raise links.LinkUnusable("Book the interview first; this link is for booking.")
    appointment = Appointment.objects.select_for_update().get(pk=link.appointment_id)
    if not is_open(appointment, starts_at):
        raise OutreachError("That time has just been taken or is no longer open: pick another.")
    before = appointment.starts_at
    appointment.starts_at = starts_at
    if timezone_name:
        appointment.respondent_timezone = _zone(timezone_name)
    appointment.ics_sequence += 1
    appointment.version += 1
    appointment.save()
    manage = links.new_link(appointment, LinkPurpose.MANAGE)  # valid until the new time
    queue_message(appointment, MessageKind.RESCHEDULE, link=manage)
    _tell_interviewer(appointment, MessageKind.RESCHEDULE)
    log_action(
        appointment.program,
        "outreach.rescheduled",
        actor=_respondent(appointment),
        data={"deal": str(appointment.entry.deal), "from": before, "to": starts_at},
    )
    return appointment


@transaction.atomic
def cancel(token: str, *, reason: str) -> Appointment:
    """The respondent cancels a booked interview (and with it, their participation)."""
    link = links.resolve(token, for_update=True)
    if link.purpose != LinkPurpose.MANAGE:
        raise links.LinkUnusable("There is no booked interview to cancel with this link.")
    appointment = Appointment.objects.select_for_update().get(pk=link.appointment_id)
    appointment.status = AppointmentStatus.CANCELLED
    appointment.refusal_reason = reason.strip() or "Cancelled without giving a reason."
    appointment.ics_sequence += 1
    appointment.version += 1
    appointment.save()
    _close_links(appointment)
    queue_message(appointment, MessageKind.CANCELLATION)
    _tell_interviewer(appointment, MessageKind.CANCELLATION)
    log_action(
        appointment.program,
        "outreach.cancelled",
        actor=_respondent(appointment),
        data={"deal": str(appointment.entry.deal), "reason": appointment.refusal_reason},
    )
    _refuse_in_sample(
        appointment, reason=f"Cancelled the interview: {appointment.refusal_reason}", user=None
    )
    return appointment


def _respondent(appointment: Appointment) -> str:
    contact = appointment.contact
    return f"{contact.name} (respondent)" if contact else "the respondent"


# The coordinator's side ---------------------------------------------------------------------


@transaction.atomic
def record_attempt(appointment: Appointment, *, channel: str, note: str, user) -> ContactAttempt:
    if channel not in Channel.values:
        raise OutreachError("Say how you reached out: email, phone, LinkedIn or other.")
    if not note.strip():
        raise OutreachError("Say what happened, e.g. “Left a voicemail”.")
    attempt = ContactAttempt.objects.create(
        appointment=appointment, channel=channel, note=note.strip(), by=user
    )
    log_action(
        appointment.program,
        "outreach.attempt",
        user=user,
        data={"deal": str(appointment.entry.deal), "channel": attempt.get_channel_display()},
    )
    return attempt


@transaction.atomic
def record_decline(appointment: Appointment, *, reason: str, user, expected_version: int):
    """The coordinator heard a no by phone or email: the same refusal and replacement."""
    if not reason.strip():
        raise OutreachError("Record the refusal reason.")
    if appointment.status not in (
        AppointmentStatus.NOT_INVITED,
        AppointmentStatus.INVITED,
        AppointmentStatus.SCHEDULED,
    ):
        raise OutreachError(f"This interview is {appointment.get_status_display().lower()}.")
    if appointment.version != expected_version:
        raise OutreachError("Someone changed this interview meanwhile: reload and try again.")
    return _refuse(appointment, reason=reason.strip(), actor="", user=user)


@transaction.atomic
def schedule_by_hand(
    appointment: Appointment,
    *,
    starts_at: dt.datetime,
    format: str,
    answers: ConsentAnswers,
    user,
    expected_version: int,
    location: str = "",
    send: bool = True,
) -> Appointment:
    """The coordinator books a time agreed by phone, with the consent the buyer gave then.
    ``send=False`` emails neither the confirmation nor the interviewer (the demo's way)."""
    if format not in Format.values:
        raise OutreachError("Choose phone, video call or in person.")
    if appointment.status not in (AppointmentStatus.NOT_INVITED, AppointmentStatus.INVITED):
        raise OutreachError(f"This interview is {appointment.get_status_display().lower()}.")
    record_consent(appointment, answers, given_by=f"{user} (by phone, for the respondent)")
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.starts_at = starts_at
    appointment.format = format
    appointment.location = location.strip()
    save_versioned(
        appointment,
        expected_version=expected_version,
        fields=["status", "starts_at", "format", "location"],
    )
    _close_links(appointment)
    manage = links.new_link(appointment, LinkPurpose.MANAGE)
    queue_message(appointment, MessageKind.CONFIRMATION, link=manage, send=send)
    _tell_interviewer(appointment, MessageKind.CONFIRMATION, send=send)
    log_action(
        appointment.program,
        "outreach.booked",
        user=user,
        data={"deal": str(appointment.entry.deal), "when": starts_at},
    )
    return appointment


@transaction.atomic
def mark_no_show(appointment: Appointment, *, user) -> Appointment:
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise OutreachError("Only a scheduled interview can be a no-show.")
    appointment.status = AppointmentStatus.NO_SHOW
    appointment.version += 1
    appointment.save()
    log_action(
        appointment.program,
        "outreach.no_show",
        user=user,
        data={"deal": str(appointment.entry.deal)},
    )
    return appointment


def reminder_schedule() -> list[dt.timedelta]:
    """How long after the invitation each reminder goes (``OUTREACH_REMINDER_DAYS``)."""
    return [dt.timedelta(days=days) for days in settings.OUTREACH_REMINDER_DAYS]


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind invited respondents who have not answered, on the ``reminder_schedule()``.

    Run by ``winloss send-reminders`` (from cron or a scheduler) as often as wanted: a
    reminder is counted on the appointment, so none goes twice. Someone several reminders
    behind (cron was stopped, the schedule changed) gets one, counted as the latest due: the
    latest step is handled first, so no one is reminded twice in one run.
    """
    now = now or timezone.now()
    sent = 0
    for step, after in reversed(list(enumerate(reminder_schedule(), start=1))):
        due = Appointment.objects.filter(
            status=AppointmentStatus.INVITED,
            reminders_sent__lt=step,
            invited_at__lte=now - after,
            contact__do_not_contact=False,
        ).select_related("program__workspace", "contact", "interviewer", "entry__deal")
        for appointment in due:
            with transaction.atomic():
                link = appointment.links.filter(
                    purpose=LinkPurpose.SCHEDULE, used_at=None, revoked_at=None
                ).first()
                if link is None or link.expires_at <= now:
                    link = links.new_link(appointment, LinkPurpose.SCHEDULE)
                if queue_message(appointment, MessageKind.REMINDER, link=link):
                    sent += 1
                Appointment.objects.filter(pk=appointment.pk).update(reminders_sent=step)
    return sent


@transaction.atomic
def add_availability(
    *, workspace, interviewer, starts_at: dt.datetime, ends_at: dt.datetime
) -> Availability:
    if ends_at <= starts_at:
        raise OutreachError("The window must end after it starts.")
    if ends_at - starts_at > dt.timedelta(hours=12):
        raise OutreachError("Give windows of at most 12 hours, one per day.")
    return Availability.objects.create(
        workspace=workspace, interviewer=interviewer, starts_at=starts_at, ends_at=ends_at
    )


def give_appointments_their_respondent(sender, *, deal_ids: list[int], **kwargs) -> None:
    """Receiver of ``deals.signals.contacts_linked`` (after the sample's own): an appointment
    opened before its deal had a contact, and not sent yet, takes the sample's respondent."""
    waiting = Appointment.objects.filter(
        entry__deal_id__in=deal_ids,
        contact__isnull=True,
        entry__contact__isnull=False,
        status=AppointmentStatus.NOT_INVITED,
    ).select_related("entry")
    for appointment in waiting:
        appointment.contact_id = appointment.entry.contact_id
        appointment.save(update_fields=["contact"])
