"""What outreach needs to know about survey responses (registered in ``SurveysConfig.ready``)."""

from typing import Any

from django.db.models import QuerySet

from winloss.deals.models import Contact
from winloss.outreach.emails import honorarium_text
from winloss.outreach.surveyed import SurveyHooks

from ..models import ResponseSource, ResponseStatus, SurveyResponse

SURVEY_MINUTES = 5  # what the invitation promises for the default survey


def merge_fields(response: Any) -> dict[str, object]:
    program = response.program
    return dict(
        respondent=response.contact.name if response.contact else "there",
        company=program.workspace.name,
        program=program.name,
        interviewer=str(program.owner) if program.owner_id else "The team",
        duration=SURVEY_MINUTES,
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
    return SurveyResponse.objects.filter(
        source=ResponseSource.SENT, status__in=[ResponseStatus.INVITED, ResponseStatus.STARTED]
    )


def preview(program: Any) -> SurveyResponse:
    return SurveyResponse(
        workspace=program.workspace,
        program=program,
        contact=Contact(workspace=program.workspace, name="Alex Example"),
    )


HOOKS = SurveyHooks(
    merge_fields=merge_fields, unusable=unusable, awaiting=awaiting, preview=preview
)
