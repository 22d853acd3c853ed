"""What outreach needs to know about survey responses (registered in ``SurveysConfig.ready``)."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext

from winloss.deals.models import Contact
from winloss.outreach.emails import honorarium_text
from winloss.outreach.models import LinkPurpose, RespondentLink
from winloss.outreach.surveyed import SurveyHooks

from ..builder.timing import minutes
from ..models import ResponseSource, ResponseStatus, SurveyResponse


def language(response: Any) -> str:
    """The buyer's language: the one they chose on the survey page, else the one the send
    recorded, if the workspace still offers it; else the workspace's first."""
    offered = response.program.workspace.languages_for_respondents
    return response.language if response.language in offered else offered[0]


def merge_fields(response: Any) -> dict[str, object]:
    """In the language active when called (``emails.render`` sets the buyer's)."""
    program = response.program
    return dict(
        respondent=response.contact.name if response.contact else gettext("there"),
        company=program.workspace.name,
        program=program.name,
        interviewer=str(program.owner) if program.owner_id else gettext("The team"),
        duration=minutes(response),
        when="",
        format="survey",
        # The thank-you the buyer was invited with, in a reminder too.
        honorarium=honorarium_text(program, response.invited_at),
    )


def unusable(response: Any) -> str:
    if response.status == ResponseStatus.COMPLETED:
        return "Thank you: you have completed this survey, so the link no longer works."
    if response.status == ResponseStatus.DECLINED:
        return "You said you would rather not take part, so this link no longer works."
    return ""


def awaiting() -> QuerySet:
    """Sent and not finished: only those whose invitation is written (it is written after
    the send records them) are reminded."""
    invited = RespondentLink.objects.filter(
        survey_response=OuterRef("pk"), purpose=LinkPurpose.SURVEY
    )
    return SurveyResponse.objects.filter(
        Exists(invited),
        source=ResponseSource.SENT,
        status__in=[ResponseStatus.INVITED, ResponseStatus.STARTED],
    )


def preview(program: Any) -> SurveyResponse:
    return SurveyResponse(
        workspace=program.workspace,
        program=program,
        contact=Contact(workspace=program.workspace, name="Alex Example"),
    )


HOOKS = SurveyHooks(
    merge_fields=merge_fields,
    unusable=unusable,
    awaiting=awaiting,
    preview=preview,
    language=language,
)
