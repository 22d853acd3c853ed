"""Writes for SOP step 4: invite, book, reschedule, cancel, decline, record attempts.

Reminders are in ``reminders.py``, interviewers' availability windows in ``windows.py``.

The respondent's own actions (book, decline, reschedule, cancel) come through a signed link
and are checked here, on the server, whatever the page sent.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone

from winloss.accounts.middleware import zone_name_for
from winloss.accounts.models import User
from winloss.activity.services import log_action, respondent_actor
from winloss.lib.concurrency import save_versioned
from winloss.lib.enqueue import enqueue_on_commit
from winloss.lib.errors import DomainError
from winloss.lib.sql import insert_instances
from winloss.programs.models import EntryStatus, Program, SampleEntry
from winloss.programs.sampling.services import record_refusal

from . import consent, emails, links, surveyed
from .models import (
    OPEN_STATUSES,
    Appointment,
    AppointmentStatus,
    Attribution,
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
from .queries import first_voice, invitation_batch
from .slots import is_open
from .tasks import send_outreach_message, send_outreach_messages


class OutreachError(DomainError):
    """A scheduling change that cannot be made, said for the person who asked."""


# Appointments -------------------------------------------------------------------------------


@transaction.atomic
def begin_appointment(entry: SampleEntry) -> Appointment:
    """The entry's first appointment (its first voice, the sample's respondent), saved now if
    nobody has approached them yet: it begins with the first step of outreach — an
    invitation, a call noted, a time booked — never with a look at the deal's page."""
    SampleEntry.objects.select_for_update().filter(pk=entry.pk).first()  # one first voice
    appointment = first_voice(entry)
    if appointment.pk is None:
        appointment.save()
    return appointment


def _begun(appointment: Appointment) -> Appointment:
    """The appointment as a page showed it (``queries.first_voice``), saved if it was not."""
    return appointment if appointment.pk is not None else begin_appointment(appointment.entry)


@transaction.atomic
def send_invitations(
    program: Program,
    *,
    user: User | None,
    entry_ids: list[int] | None = None,
    voice_ids: list[int] | None = None,
    send: bool = True,
) -> int:
    """Invite every respondent of the batch (or the chosen ones: the first voice of
    ``entry_ids``, the further voices ``voice_ids``) who may be emailed.

    ``send=False`` records everything (links, messages, the log) but emails nobody: for the
    demo, whose buyers are invented.
    """
    chosen = entry_ids is not None or voice_ids is not None
    sent = 0
    for recipient in invitation_batch(program):
        if recipient.skip_reason:
            continue
        if recipient.voice is not None:
            if chosen and recipient.voice.pk not in (voice_ids or []):
                continue
            appointment = recipient.voice
        else:
            if chosen and recipient.entry.pk not in (entry_ids or []):
                continue
            appointment = begin_appointment(recipient.entry)
        link = links.new_link(appointment, LinkPurpose.SCHEDULE)
        # The length the program says now, should its scope have changed since.
        Appointment.objects.filter(pk=appointment.pk).update(
            status=AppointmentStatus.INVITED,
            invited_at=timezone.now(),
            duration_minutes=program.interview_minutes,
        )
        appointment.refresh_from_db()
        queue_message(appointment, MessageKind.INVITATION, link=link, send=send)
        sent += 1
    if sent:
        log_action(program, "outreach.invited", user=user, data={"count": sent})
    return sent


def queue_message(
    about: Appointment | Any, kind: str, *, link: RespondentLink | None = None, send: bool = True
) -> OutreachMessage | None:
    """Log the message as it will read (its link left out) and send it once committed
    (unless ``send`` is False: then it stays queued, for no task)."""
    queued = queue_messages([(about, link)], kind, send=send)
    return queued[0] if queued else None


SEND_CHUNK = 500  # messages per sending task: one mail-server connection each


def queue_messages(
    recipients: list[tuple[Appointment | Any, RespondentLink | None]],
    kind: str,
    *,
    send: bool = True,
) -> list[OutreachMessage]:
    """``queue_message`` for many appointments or survey responses at once: one read of the
    wording, one insert, and one sending task per ``SEND_CHUNK`` once committed. Whoever has
    no email address or asked not to be contacted gets nothing."""
    wording: dict[int, tuple[str, str]] = {}
    made = []
    now = timezone.now()
    for about, link in recipients:
        contact = about.contact
        if contact is None or not contact.email or contact.do_not_contact:
            continue
        workspace = about.program.workspace
        if workspace.pk not in wording:
            wording[workspace.pk] = emails.template_for(workspace, kind)
        rendered = emails.render(about, kind, wording=wording[workspace.pk])
        made.append(
            OutreachMessage(
                **surveyed.key_ids(about),
                kind=kind,
                to=contact.email,
                subject=rendered.subject,
                body=rendered.body,
                link_id=link.pk if link else None,
                created=now,
            )
        )
    insert_instances(
        made,
        read_back=OutreachMessage.objects.filter(created=now, kind=kind),
        key=["appointment_id", "survey_response_id"],
    )
    messages = made
    if send:
        ids = [m.pk for m in messages]
        for start in range(0, len(ids), SEND_CHUNK):
            enqueue_on_commit(send_outreach_messages, ids[start : start + SEND_CHUNK])
    return messages


# What the interviewer is told, by the kind of message the respondent got.
_FOR_INTERVIEWER: dict[str, str] = {
    MessageKind.CONFIRMATION: "Interview booked",
    MessageKind.RESCHEDULE: "Interview moved",
    MessageKind.CANCELLATION: "Interview cancelled",
}


def _tell_interviewer(appointment: Appointment, kind: str, *, send: bool = True) -> None:
    interviewer = appointment.interviewer
    if interviewer is None:
        return
    what = _FOR_INTERVIEWER[kind]
    respondent = appointment.contact.name if appointment.contact else "the respondent"
    # The interviewer reads the time in their own zone, as on their pages.
    when = emails.when_text(
        appointment, ZoneInfo(zone_name_for(interviewer, appointment.workspace.slug))
    )
    message = OutreachMessage.objects.create(
        appointment=appointment,
        kind=kind,
        to=interviewer.email,
        subject=f"{what}: {appointment.entry.deal}, {when}",
        body=(
            f"{what}: {respondent} about “{appointment.entry.deal}”, "
            f"{when}, {appointment.get_format_display().lower()}.\n"
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
    about: Appointment | Any, answers: ConsentAnswers, *, given_by: str
) -> ConsentRecord:
    """The consent of an interview's respondent, or of a survey's (who reads the survey's
    statement and is asked nothing about recording)."""
    survey = surveyed.is_survey(about)
    if answers.attribution not in Attribution.values:
        raise OutreachError("Say whether and how you may be quoted.")
    if not answers.notes_allowed:
        raise OutreachError(
            "The survey needs permission to keep your answers. If you would rather not, "
            "decline instead: nothing is held against you."
            if survey
            else "The interview needs permission to take notes. If you would rather not, "
            "decline instead: nothing is held against you."
        )
    workspace = about.program.workspace
    if survey:
        statement, recording = consent.stored_text(workspace, ConsentKind.SURVEY), None
    else:
        statement = consent.stored_text(workspace, ConsentKind.STATEMENT)
        recording = consent.stored_text(workspace, ConsentKind.RECORDING)
    shown_texts = [t for t in (statement, recording) if t is not None]
    shown = "\n\n".join(consent.render(t, program=about.program) for t in shown_texts)
    promised = any("{retention_days}" in t.body for t in shown_texts)
    return ConsentRecord.objects.create(
        **surveyed.key(about),
        statement=statement,
        recording_text=recording,
        shown_text=shown,
        notes_allowed=answers.notes_allowed,
        recording_allowed=answers.recording_allowed and not survey,
        # A transcript is made from a recording: no recording, no transcript.
        transcription_allowed=answers.transcription_allowed
        and answers.recording_allowed
        and not survey,
        attribution=answers.attribution,
        given_by=given_by,
        retention_days=consent.retention_days(workspace) if promised else None,
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
    appointment = _locked(link)
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
    appointment = _locked(link)
    reason = reason.strip() or "Declined without giving a reason."
    return _refuse(appointment, reason=reason, actor=_respondent(appointment), link=link)


def _refuse(
    appointment: Appointment,
    *,
    reason: str,
    actor: str,
    link: RespondentLink | None = None,
    user: User | None = None,
) -> SampleEntry | None:
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


def _refuse_in_sample(
    appointment: Appointment, *, reason: str, user: User | None
) -> SampleEntry | None:
    """The sample learns of the refusal and proposes a replacement (SOP step 2), unless the
    deal can still be heard: another of its voices is open, booked or interviewed."""
    entry = appointment.entry
    if entry.status != EntryStatus.SELECTED:
        return None
    alive = [*OPEN_STATUSES, AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED]
    still_heard = Appointment.objects.filter(entry=entry, status__in=alive).exclude(
        pk=appointment.pk
    )
    if still_heard.exists():
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
    appointment = _locked(link)
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
    appointment = _locked(link)
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


def _locked(link: RespondentLink) -> Appointment:
    """The link's appointment, locked (``links.resolve`` gives interview links only)."""
    if link.appointment_id is None:
        raise links.LinkUnusable(links.NOT_VALID)
    return Appointment.objects.select_for_update().get(pk=link.appointment_id)


def _respondent(appointment: Appointment) -> str:
    return respondent_actor(appointment.contact)


# The coordinator's side ---------------------------------------------------------------------


@transaction.atomic
def record_attempt(
    appointment: Appointment, *, channel: str, note: str, user: User
) -> ContactAttempt:
    appointment = _begun(appointment)
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
def reissue_link(appointment: Appointment, *, user: User) -> RespondentLink:
    """A new link for the buyer, to pass on by phone or LinkedIn: to pick a time, or, once
    booked, to change or cancel. Every older link of the appointment stops working (the
    buyer who opens one is told a newer one replaced it). The token is never stored or
    logged: the page signs it again from the link's id and nonce."""
    appointment = Appointment.objects.select_for_update().get(pk=_begun(appointment).pk)
    if appointment.status in (AppointmentStatus.NOT_INVITED, AppointmentStatus.INVITED):
        purpose = LinkPurpose.SCHEDULE
    elif appointment.status == AppointmentStatus.SCHEDULED:
        purpose = LinkPurpose.MANAGE
    else:
        raise OutreachError(
            f"This interview is {appointment.get_status_display().lower()}: "
            "there is nothing left for the buyer to do with a link."
        )
    _close_links(appointment)
    link = links.new_link(appointment, purpose)
    log_action(
        appointment.program,
        "outreach.link_issued",
        user=user,
        data={
            "deal": str(appointment.entry.deal),
            "purpose": link.get_purpose_display().lower(),
            "expires": link.expires_at,
        },
    )
    return link


@transaction.atomic
def record_decline(
    appointment: Appointment, *, reason: str, user: User, expected_version: int
) -> SampleEntry | None:
    """The coordinator heard a no by phone or email: the same refusal and replacement."""
    appointment = _begun(appointment)
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
    user: User,
    expected_version: int,
    location: str = "",
    send: bool = True,
) -> Appointment:
    """The coordinator books a time agreed by phone, with the consent the buyer gave then.
    ``send=False`` emails neither the confirmation nor the interviewer (the demo's way)."""
    appointment = _begun(appointment)
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
def mark_no_show(appointment: Appointment, *, user: User) -> Appointment:
    appointment = _begun(appointment)
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


def give_appointments_their_respondent(
    sender: object, *, deal_ids: list[int], **kwargs: Any
) -> None:
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
