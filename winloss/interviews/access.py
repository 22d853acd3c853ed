"""Who may write to an interview, validate it or code it: one answer for the web, the API and
the CLI. The services ask here before every write, so no path can skip it.

SOP step 5: the buyer speaks to a neutral person. The deal's owner therefore never starts,
writes, completes, validates or codes the interview about their deal, at any point of its life
(not only when it starts). An interview's record is its interviewer's alone: colleagues read
it, and the program owner may give the deal to another interviewer, but nobody else writes it.
A validated interview is read-only.

Each function returns why the person may not, or "" when they may; the service raises its own
domain error with that sentence, so the message reads the same everywhere.
"""

from winloss.accounts.models import Membership
from winloss.accounts.roles import Cap, role_can
from winloss.programs.models import SampleEntry

from .models import Interview, InterviewStatus
from .review.models import ValidationStatus

OWN_DEAL = (
    "You own “{deal}”: a neutral interviewer holds its interview, and neutral colleagues "
    "validate and code it."
)
NOT_THEIRS = "This is {interviewer}'s interview: only its interviewer writes it."
NO_INTERVIEWER = (
    "This interview has no interviewer: the program owner first gives the deal to an "
    "interviewer on the Sample step."
)
VALIDATED = "This interview is validated: its record is read-only."
COMPLETED = "This interview is completed: its notes no longer change."


def role_of(user, workspace) -> str:
    """The user's role in ``workspace``, or "" when they are not a member."""
    if user is None or not user.is_authenticated:
        return ""
    role = (
        Membership.objects.filter(user=user, workspace=workspace)
        .values_list("role", flat=True)
        .first()
    )
    return role or ""


def _lacks(cap: Cap, role: str) -> str:
    if role_can(role, cap):
        return ""
    return {
        Cap.CONDUCT: "Your role cannot conduct interviews here.",
        Cap.REVIEW: "Your role cannot validate interviews here.",
        Cap.CODE: "Your role cannot code interviews here.",
    }[cap]


def _own_deal(deal, user) -> str:
    return OWN_DEAL.format(deal=deal) if deal.is_owned_by(user) else ""


def is_validated(interview: Interview) -> bool:
    validation = getattr(interview, "validation", None)
    return validation is not None and validation.status == ValidationStatus.SIGNED_OFF


def start_refusal(entry: SampleEntry, user) -> str:
    """Why ``user`` may not start the interview about ``entry``'s deal."""
    refusal = _lacks(Cap.CONDUCT, role_of(user, entry.workspace)) or _own_deal(entry.deal, user)
    if refusal:
        return refusal
    if entry.interviewer_id is not None and entry.interviewer_id != user.pk:
        return f"“{entry.deal}” is {entry.interviewer}'s to interview."
    return ""


def interviewer_refusal(interview: Interview, user, *, role: str | None = None) -> str:
    """Why ``user`` may not act as this interview's interviewer, whatever its state. ``role``
    spares a query when the caller already knows it (a view has the membership)."""
    role = role_of(user, interview.workspace) if role is None else role
    refusal = _lacks(Cap.CONDUCT, role)
    if refusal:
        return refusal
    refusal = _own_deal(interview.entry.deal, user)
    if refusal:
        return refusal
    if interview.interviewer_id is None:
        return NO_INTERVIEWER
    if interview.interviewer_id != user.pk:
        return NOT_THEIRS.format(interviewer=interview.interviewer)
    if is_validated(interview):
        return VALIDATED
    return ""


def write_refusal(interview: Interview, user, *, role: str | None = None) -> str:
    """Why ``user`` may not change the record of the interview (notes, transcripts, the
    respondent's role): its interviewer writes it while it is in progress."""
    refusal = interviewer_refusal(interview, user, role=role)
    if refusal:
        return refusal
    if interview.status != InterviewStatus.IN_PROGRESS:
        return COMPLETED
    return ""


def validate_refusal(interview: Interview, user) -> str:
    """Why ``user`` may not validate (sign off or return) the interview."""
    if interview.interviewer_id == user.pk:
        return "Someone other than the interviewer validates the notes."
    return _lacks(Cap.REVIEW, role_of(user, interview.workspace)) or _own_deal(
        interview.entry.deal, user
    )


def code_refusal(interview: Interview, user, *, role: str | None = None) -> str:
    """Why ``user`` may not code the interview. ``role`` spares a query when the caller
    already knows it (bulk coding). No user is the system (an import run from the CLI)."""
    if user is None:
        return ""
    role = role_of(user, interview.workspace) if role is None else role
    return _lacks(Cap.CODE, role) or _own_deal(interview.entry.deal, user)
