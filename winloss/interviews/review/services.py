"""Writes for the rep's debrief (SOP step 5) and the reviewer's validation (SOP step 6)."""

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Cap, role_can
from winloss.activity.services import log_action
from winloss.deals.models import Competitor, Outcome
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError
from winloss.lib.taxonomy import SOP_THEMES
from winloss.programs.models import SampleEntry

from .. import access
from ..checklist import MAY_BE_ABSENT, missing
from ..models import Interview, InterviewStatus, RepDebrief, Validation, ValidationStatus
from ..signals import interview_validated


class ReviewError(DomainError):
    """A debrief or validation change that cannot be made, said for the person who asked."""


def questions_for(entry: SampleEntry) -> list[str]:
    """Three questions for a win, four for a loss: under two minutes for the rep."""
    fields = ["main_reason", "what_else", "competitor"]
    if entry.outcome != Outcome.WON:
        fields.append("do_differently")
    return fields


@transaction.atomic
def submit_debrief(
    entry: SampleEntry,
    *,
    user: User,
    main_reason: str,
    what_else: str = "",
    competitor: Competitor | None = None,
    do_differently: str = "",
    expected_version: int | None = None,
) -> RepDebrief:
    if not entry.deal.is_owned_by(user):
        raise ReviewError("Only the deal's owner gives the rep's debrief.")
    if main_reason not in SOP_THEMES:
        raise ReviewError("Choose the main reason from the list.")
    if competitor is not None and competitor.workspace_id != entry.workspace_id:
        raise ReviewError("Unknown competitor.")
    fields = {
        "main_reason": main_reason,
        "what_else": what_else.strip(),
        "competitor": competitor,
        "do_differently": do_differently.strip() if entry.outcome != Outcome.WON else "",
        "author": user,
    }
    debrief = RepDebrief.objects.filter(entry=entry).first()
    if debrief is None:
        debrief = RepDebrief.objects.create(entry=entry, **fields)
    else:
        for name, value in fields.items():
            setattr(debrief, name, value)
        save_versioned(
            debrief,
            expected_version=expected_version or debrief.version,
            fields=[*fields, "submitted_at"],
        )
    log_action(entry.program, "debrief.submitted", user=user, data={"deal": str(entry.deal)})
    return debrief


def debrief_visible_to(debrief_entry: SampleEntry, user: User) -> bool:
    """An interviewer sees the rep's account only once that deal's interviews are completed,
    so it cannot steer the conversation; the rest of the program team sees it."""
    membership = Membership.objects.filter(user=user, workspace=debrief_entry.workspace).first()
    if membership is None or not role_can(membership.role, Cap.VIEW_EVIDENCE):
        return debrief_entry.deal.is_owned_by(user)
    if membership.role != "interviewer":
        return True
    # Every voice of the deal heard first: a further interview would be steered too.
    interviews = Interview.objects.filter(entry=debrief_entry)
    return (
        interviews.filter(status=InterviewStatus.COMPLETED).exists()
        and not interviews.exclude(status=InterviewStatus.COMPLETED).exists()
    )


def begin_validation(interview: Interview) -> Validation:
    """The interview's validation record, saved when someone first decides something on it."""
    validation, _ = Validation.objects.get_or_create(interview=interview)
    return validation


@transaction.atomic
def confirm_absent(interview: Interview, *, item: str, absent: bool, user: User) -> Validation:
    """The interviewer says a topic did not come up, so its absence is not a gap."""
    if item not in MAY_BE_ABSENT:
        raise ReviewError("Only competitors or pricing can be confirmed as not discussed.")
    refusal = access.interviewer_refusal(interview, user)
    if refusal:
        raise ReviewError(refusal)
    validation = begin_validation(interview)
    items = set(validation.confirmed_absent)
    items = items | {item} if absent else items - {item}
    Validation.objects.filter(pk=validation.pk).update(confirmed_absent=sorted(items))
    validation.confirmed_absent = sorted(items)
    return validation


def _reviewable(interview: Interview, user: User) -> Validation:
    refusal = access.validate_refusal(interview, user)
    if refusal:
        raise ReviewError(refusal)
    if interview.status != InterviewStatus.COMPLETED:
        raise ReviewError("The interview is not completed yet.")
    return begin_validation(interview)


@transaction.atomic
def sign_off(interview: Interview, *, user: User, expected_version: int) -> Validation:
    validation = _reviewable(interview, user)
    gaps = missing(interview)
    if gaps:
        raise ReviewError(
            "Missing from the record: " + "; ".join(g.label.lower() for g in gaps) + ". "
            "Return it to the interviewer instead."
        )
    validation.status = ValidationStatus.SIGNED_OFF
    validation.reviewer = user
    validation.decided_at = timezone.now()
    save_versioned(
        validation, expected_version=expected_version, fields=["status", "reviewer", "decided_at"]
    )
    log_action(
        interview.program,
        "interview.validated",
        user=user,
        data={"deal": str(interview.entry.deal)},
    )
    # Later stages (the CRM write-back) queue their work for when this commits.
    interview_validated.send(sender=Interview, interview=interview, user=user)
    return validation


@transaction.atomic
def return_to_interviewer(
    interview: Interview, *, user: User, comments: str, expected_version: int
) -> Validation:
    """Back to the interviewer with what to fix: the notes open again for correction."""
    if not comments.strip():
        raise ReviewError("Say what is missing or unclear, so the interviewer can fix it.")
    validation = _reviewable(interview, user)
    validation.status = ValidationStatus.RETURNED
    validation.reviewer = user
    validation.comments = comments.strip()
    validation.decided_at = timezone.now()
    save_versioned(
        validation,
        expected_version=expected_version,
        fields=["status", "reviewer", "comments", "decided_at"],
    )
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.IN_PROGRESS)
    log_action(
        interview.program,
        "interview.returned",
        user=user,
        data={"deal": str(interview.entry.deal), "comments": comments.strip()},
    )
    return validation


def resubmitted(interview: Interview) -> None:
    """Completed again after a return: back in the reviewer's queue."""
    Validation.objects.filter(interview=interview, status=ValidationStatus.RETURNED).update(
        status=ValidationStatus.PENDING
    )
