"""Reads: an interview a page asks for, which interviews count in analysis, and where a
review stands."""

from django.db.models import Q, QuerySet

from winloss.accounts.access import WorkspaceRequest, get_workspace_object
from winloss.deals.models import Deal
from winloss.lib.rows import partial
from winloss.programs.models import Program, SampleEntry

from .models import Interview, InterviewStatus, Validation, ValidationStatus

# Completed and signed off by a reviewer: the only interviews analysis may count (an
# incomplete record is kept out until it is fixed, SOP step 6) and coding may touch.
VALIDATED = Q(status=InterviewStatus.COMPLETED, validation__status=ValidationStatus.SIGNED_OFF)


def get_interview(request: WorkspaceRequest, program_id: int, interview_id: int) -> Interview:
    """The interview a page names, in the request's workspace and program, or 404; every page
    about one interview (its screen, transcripts, review, coding) fetches it here."""
    program = get_workspace_object(request, Program, program_id)
    interview = get_workspace_object(request, Interview, interview_id, program=program)
    # Already loaded (the workspace by the request): reading them through the interview or
    # the program would fetch each again.
    program.workspace = interview.workspace = request.workspace
    interview.program = program
    return interview


def validated_interviews(program: Program) -> QuerySet[Interview]:
    return Interview.objects.filter(VALIDATED, program=program)


def validation_of(interview: Interview) -> Validation:
    """The reviewer's decision on the interview; until a reviewer decides (or the interviewer
    confirms a topic did not come up), an unsaved one waiting for review."""
    return Validation.objects.filter(interview=interview).first() or Validation(interview=interview)


def entry_with_deal(
    entry_id: int,
    deal_id: int,
    deal_name: str,
    owner_id: int | None,
    owner_email: str,
    owner_name: str,
) -> SampleEntry:
    """An interview's sample entry and deal made from a row read with the interview
    (``lib.rows``): only the fields its pages and the own-deal rule read."""
    entry = partial(SampleEntry, id=entry_id, deal_id=deal_id)
    entry.deal = partial(
        Deal,
        id=deal_id,
        name=deal_name,
        owner_id=owner_id,
        owner_email=owner_email,
        owner_name=owner_name,
    )
    return entry
