"""Reads for SOP step 4 used by more than one page or service."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Prefetch, QuerySet

from winloss.accounts.models import User
from winloss.deals.models import Contact
from winloss.programs.models import EntryStatus, Program, SampleEntry

from .models import Appointment, AppointmentStatus, ConsentRecord

if TYPE_CHECKING:
    # For a type only: the interview screen, a later stage, asks for its consent here.
    from winloss.interviews.models import Interview


def first_voice(entry: SampleEntry) -> Appointment:
    """The entry's first appointment: the sample's respondent. Before anyone has approached
    them, an unsaved one (not invited), so the deal's page shows where outreach would begin."""
    appointment = Appointment.objects.filter(entry=entry).order_by("pk").first()
    if appointment is None:
        appointment = Appointment(
            entry=entry,
            workspace_id=entry.workspace_id,
            program_id=entry.program_id,
            contact=entry.contact,
            respondent_role=entry.contact.decision_role if entry.contact else "",
            interviewer=entry.interviewer,
            duration_minutes=entry.program.interview_minutes,
        )
    return appointment


@dataclass(frozen=True)
class Recipient:
    entry: SampleEntry
    email: str
    skip_reason: str  # empty when the invitation will go
    contacted: bool = False  # invited already (or further): nothing more for the batch to do
    voice: Appointment | None = None  # a further voice on the deal; None for the first
    contact: Contact | None = None  # who is invited: the entry's contact or the voice's

    @property
    def key(self) -> str:
        """The batch form's value: the entry for its first voice, ``voice-<id>`` for others."""
        return f"voice-{self.voice.pk}" if self.voice else str(self.entry.pk)


def _skip_reason(contact: Contact | None, interviewer: User | None) -> str:
    if contact is None:
        return "No contact on record"
    if contact.do_not_contact:
        return "Do not contact"
    if not contact.email:
        return "No email address: call instead"
    if interviewer is None:
        return "No interviewer assigned"
    return ""


def invitation_batch(program: Program) -> list[Recipient]:
    """Exactly who an invitation batch would email, and why the others are left out: the
    sample's respondent of each selected deal, then each further voice not invited yet."""
    entries = (
        SampleEntry.objects.current(program)
        .filter(status__in=[EntryStatus.SELECTED, EntryStatus.INTERVIEWED])
        .select_related("deal", "contact", "interviewer")
        .prefetch_related(
            Prefetch("appointments", Appointment.objects.select_related("contact", "interviewer"))
        )
        .order_by("outcome", "pk")
    )
    batch = []
    for entry in entries:
        appointments = sorted(entry.appointments.all(), key=lambda a: a.pk)
        first, others = (appointments[0], appointments[1:]) if appointments else (None, [])
        if entry.status == EntryStatus.SELECTED:
            contact = entry.contact
            contacted = first is not None and first.status != AppointmentStatus.NOT_INVITED
            reason = (
                f"Already {first.get_status_display().lower()}"
                if first is not None and contacted
                else _skip_reason(contact, entry.interviewer)
            )
            email = contact.email if contact else ""
            batch.append(Recipient(entry, email, reason, contacted, contact=contact))
        for voice in others:
            contacted = voice.status != AppointmentStatus.NOT_INVITED
            reason = (
                f"Already {voice.get_status_display().lower()}"
                if contacted
                else _skip_reason(voice.contact, voice.interviewer)
            )
            email = voice.contact.email if voice.contact else ""
            batch.append(Recipient(entry, email, reason, contacted, voice, voice.contact))
    return batch


def consents_latest_first(appointment: "int | OuterRef") -> QuerySet[ConsentRecord]:
    """An appointment's consents (its id, or an outer query's), the one given last first: the
    one in force. Ties in time go to the later record."""
    return ConsentRecord.objects.filter(appointment_id=appointment).order_by("-given_at", "-pk")


def latest_consent(interview_or_appointment: "Interview | Appointment") -> ConsentRecord | None:
    """The consent the respondent gave last, for the interview's voice (or this appointment)."""
    appointment = (
        interview_or_appointment
        if isinstance(interview_or_appointment, Appointment)
        else interview_or_appointment.appointment
    )
    if appointment is None or appointment.pk is None:  # nobody approached yet: no consent
        return None
    return consents_latest_first(appointment.pk).first()
