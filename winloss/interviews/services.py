"""Writes for SOP step 5: start an interview on the approved guide, save notes without ever
losing or overwriting a word, complete it."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.deals.models import DecisionRole
from winloss.guides.models import GuideError
from winloss.guides.queries import approved_version_for
from winloss.guides.services import assert_usable
from winloss.outreach.models import AppointmentStatus
from winloss.outreach.services import ConsentAnswers, appointment_for, record_consent
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.programs.sampling.services import mark_interviewed

from . import access
from .models import Interview, InterviewStatus, Note, NoteKind, NoteRevision


class InterviewError(Exception):
    """An interview change that cannot be made, said for the person who asked."""


def refuse(refusal: str) -> None:
    """Raise the interview error for an ``access`` refusal, if there is one."""
    if refusal:
        raise InterviewError(refusal)


def latest_consent(interview_or_appointment):
    appointment = getattr(interview_or_appointment, "appointment", interview_or_appointment)
    if appointment is None:
        return None
    return appointment.consents.order_by("-given_at", "-pk").first()


@transaction.atomic
def start_interview(
    entry: SampleEntry, *, user, confirmed: ConsentAnswers | None = None
) -> Interview:
    """Open the session (SOP step 5): on the approved guide only, by a neutral interviewer,
    with consent to take notes recorded — in writing beforehand, or confirmed now."""
    existing = Interview.objects.filter(entry=entry).first()
    if existing is not None:
        return existing
    if entry.status != EntryStatus.SELECTED:
        raise InterviewError(f"“{entry.deal}” is {entry.get_status_display().lower()}.")
    refuse(access.start_refusal(entry, user))
    try:
        version = assert_usable(approved_version_for(entry.program))
    except GuideError as error:
        raise InterviewError(f"{error} The program owner approves it on the Guide step.") from None
    appointment = appointment_for(entry)
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
        respondent_role=entry.contact.decision_role if entry.contact else "",
    )
    log_action(
        entry.program,
        "interview.started",
        user=user,
        data={"deal": str(entry.deal), "guide": f"v{version.number}"},
    )
    return interview


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
    user,
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
    # the nullable side of an outer join.
    note = (
        Note.objects.select_for_update(of=("self",))
        .filter(interview=interview, question_id=question_id, kind=kind)
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
            note = Note.objects.get(interview=interview, question_id=question_id, kind=kind)
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
def set_respondent_role(interview: Interview, *, role: str, user) -> Interview:
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


@transaction.atomic
def complete_interview(interview: Interview, *, user) -> Interview:
    refuse(access.interviewer_refusal(interview, user))
    if interview.status == InterviewStatus.COMPLETED:
        return interview
    if not interview.notes.exclude(text="").exists():
        raise InterviewError("Nothing is written yet: an interview with no notes is not done.")
    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(
        status=InterviewStatus.COMPLETED, completed_at=now
    )
    interview.status, interview.completed_at = InterviewStatus.COMPLETED, now
    mark_interviewed(interview.entry, on=timezone.localdate())
    from .review_services import resubmitted

    resubmitted(interview)
    if interview.appointment_id:
        type(interview.appointment).objects.filter(pk=interview.appointment_id).update(
            status=AppointmentStatus.COMPLETED
        )
    log_action(
        interview.program,
        "interview.completed",
        user=user,
        data={"deal": str(interview.entry.deal)},
    )
    return interview
