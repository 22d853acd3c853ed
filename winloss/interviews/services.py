"""Writes for SOP step 5: start an interview on the approved guide, save notes without ever
losing or overwriting a word, complete it."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.deals.models import DecisionRole
from winloss.guides.models import GuideError
from winloss.guides.queries import approved_version_for
from winloss.guides.services import assert_usable
from winloss.lib.errors import DomainError
from winloss.outreach.models import Appointment, AppointmentStatus, MessageKind
from winloss.outreach.queries import latest_consent
from winloss.outreach.services import (
    ConsentAnswers,
    begin_appointment,
    queue_message,
    record_consent,
)
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.programs.sampling.services import mark_interviewed

from . import access
from .models import Interview, InterviewStatus, Note, NoteKind, NoteRevision
from .screen import questions_for


class InterviewError(DomainError):
    """An interview change that cannot be made, said for the person who asked."""


def refuse(refusal: str) -> None:
    """Raise the interview error for an ``access`` refusal, if there is one."""
    if refusal:
        raise InterviewError(refusal)


@transaction.atomic
def start_interview(
    entry: SampleEntry,
    *,
    user: User,
    confirmed: ConsentAnswers | None = None,
    appointment: Appointment | None = None,
) -> Interview:
    """Open the session (SOP step 5): on the approved guide only, by a neutral interviewer,
    with consent to take notes recorded — in writing beforehand, or confirmed now.

    ``appointment`` names the voice heard when the deal has several; the first by default.
    A further voice may be heard after the deal's first interview is done."""
    if appointment is None:
        existing = Interview.objects.filter(entry=entry).order_by("pk").first()
    elif appointment.entry_id != entry.pk:
        raise InterviewError("That respondent is not one of this deal's voices.")
    else:
        existing = Interview.objects.filter(appointment=appointment).first()
    if existing is not None:
        return existing
    if entry.status not in (EntryStatus.SELECTED, EntryStatus.INTERVIEWED):
        raise InterviewError(f"“{entry.deal}” is {entry.get_status_display().lower()}.")
    refuse(access.start_refusal(entry, user))
    try:
        version = assert_usable(approved_version_for(entry.program))
    except GuideError as error:
        raise InterviewError(f"{error} The program owner approves it on the Guide step.") from None
    appointment = appointment or begin_appointment(entry)
    consent = latest_consent(appointment)
    if consent is None and confirmed is not None:
        consent = record_consent(
            appointment, confirmed, given_by=f"{user} (confirmed at the start of the interview)"
        )
    if consent is None or not consent.notes_allowed:
        raise InterviewError(
            "Confirm the respondent's consent first: at least to taking notes, and whether "
            "the call may be recorded and quoted."
        )
    interview = Interview.objects.create(
        workspace=entry.workspace,
        program=entry.program,
        entry=entry,
        appointment=appointment,
        guide_version=version,
        interviewer=user,
        respondent_role=_role_of(appointment, entry),
    )
    log_action(
        entry.program,
        "interview.started",
        user=user,
        data={"deal": str(entry.deal), "guide": f"v{version.number}"},
    )
    return interview


def _role_of(appointment: Appointment, entry: SampleEntry) -> str:
    """The role the coordinator gave this voice, else the contact's usual role."""
    contact = appointment.contact or entry.contact
    return appointment.respondent_role or (contact.decision_role if contact else "")


@dataclass(frozen=True)
class Saved:
    note: Note
    conflict: bool  # someone else saved first: nothing was written


@transaction.atomic
def save_note(
    interview: Interview,
    *,
    question_id: int | None,
    kind: str,
    text: str,
    base_version: int,
    user: User,
) -> Saved:
    """Save a note if it is still at ``base_version`` (0 for a new one); otherwise write
    nothing and hand back the saved note, so the page can show both texts."""
    refuse(access.write_refusal(interview, user))
    if kind not in NoteKind.values:
        raise InterviewError("Unknown kind of note.")
    if (
        question_id is not None
        and not interview.guide_version.questions.filter(pk=question_id).exists()
    ):
        raise InterviewError("That question is not in this interview's guide.")
    # No ordering: the default one joins the (nullable) question, and PostgreSQL cannot lock
    # the nullable side of an outer join. question=, not question_id=: the stubs type the id
    # column as never None, and None is the closing notes'.
    note = (
        Note.objects.select_for_update(of=("self",))
        .filter(interview=interview, question=question_id, kind=kind)
        .order_by()
        .first()
    )
    if note is None:
        if base_version != 0:
            raise InterviewError("That note does not exist.")
        try:
            with transaction.atomic():
                note = Note.objects.create(
                    interview=interview,
                    question_id=question_id,
                    kind=kind,
                    text=text,
                    updated_by=user,
                )
        except IntegrityError:  # created by someone else in the same instant
            note = Note.objects.get(interview=interview, question=question_id, kind=kind)
            return Saved(note, conflict=True)
    elif note.version != base_version:
        return Saved(note, conflict=note.text != text)
    elif note.text == text:
        return Saved(note, conflict=False)
    else:
        note.text = text
        note.version += 1
        note.updated_by = user
        note.save()
    NoteRevision.objects.create(note=note, version=note.version, text=text, saved_by=user)
    return Saved(note, conflict=False)


@transaction.atomic
def set_respondent_role(interview: Interview, *, role: str, user: User) -> Interview:
    refuse(access.write_refusal(interview, user))
    if role not in DecisionRole.values:
        raise InterviewError("Choose the respondent's role in the decision.")
    Interview.objects.filter(pk=interview.pk).update(respondent_role=role)
    interview.respondent_role = role
    log_action(
        interview.program,
        "interview.role_recorded",
        user=user,
        data={"deal": str(interview.entry.deal), "role": DecisionRole(role).label},
    )
    return interview


@dataclass(frozen=True)
class KeptNote:
    """A note the interviewer's device holds but the server has not taken (interview.js)."""

    question_id: int | None
    kind: str
    version: int  # the saved version the device's text was written on


def _unsaved(interview: Interview, kept: list[KeptNote]) -> str:
    """Why completing now would leave words behind, or "" when nothing would be."""
    if not kept:
        return ""
    numbers = {q.pk: n for n, q in enumerate(questions_for(interview), start=1)}
    saved = {
        (n.question_id, n.kind): n.version
        for n in Note.objects.filter(interview=interview).only("question_id", "kind", "version")
    }
    said = []
    for note in kept:
        where = f"question {numbers[note.question_id]}" if note.question_id in numbers else ""
        label = NoteKind(note.kind).label.lower() if note.kind in NoteKind.values else "note"
        name = f"the {label} of {where}" if where else f"the closing {label}"
        newer = saved.get((note.question_id, note.kind), 0) > note.version
        said.append(f"{name} ({'someone saved a newer version' if newer else 'not sent yet'})")
    return (
        f"Not completed: {'; '.join(said)} — still only on this device. Wait for "
        "“All changes saved”, or choose which version to keep, then complete."
    )


@transaction.atomic
def complete_interview(
    interview: Interview,
    *,
    user: User,
    kept_on_device: list[KeptNote] | None = None,
    send: bool = True,
) -> Interview:
    """Close the session, refused while anything typed is still only on the interviewer's
    device, or in conflict with a newer saved version: nothing typed is left behind. The
    respondent is thanked by email, once (``send=False`` records the thank-you without
    sending it, as the outreach services do for the demo's invented buyers)."""
    refuse(access.interviewer_refusal(interview, user))
    if interview.status == InterviewStatus.COMPLETED:
        return interview
    unsaved = _unsaved(interview, kept_on_device or [])
    if unsaved:
        raise InterviewError(unsaved)
    if not interview.notes.exclude(text="").exists():
        raise InterviewError("Nothing is written yet: an interview with no notes is not done.")
    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.COMPLETED, completed_at=now
    )
    interview.status, interview.completed_at = InterviewStatus.COMPLETED, now
    mark_interviewed(interview.entry, on=timezone.localdate())
    from .review.services import resubmitted

    resubmitted(interview)
    appointment = interview.appointment
    if appointment is not None:
        Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.COMPLETED)
        # queue_message leaves out a respondent with no address or who asked not to be
        # contacted; the wording is the workspace's own (Outreach → Email templates).
        queue_message(appointment, MessageKind.THANK_YOU, send=send)
    log_action(
        interview.program,
        "interview.completed",
        user=user,
        data={"deal": str(interview.entry.deal)},
    )
    return interview
