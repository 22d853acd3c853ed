"""What the buyer-survey stage tells outreach about its respondents.

Outreach sends links, messages and reminders, and records consent, for an interview voice (an
``Appointment``) or a survey response. Surveys are a later stage, so outreach never imports
them: the surveys app hands over, once in its ``ready()``, the few things only it knows.
Everything else — signing, expiry, the send, the reminder schedule — is outreach's one path.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Appointment


@dataclass(frozen=True)
class SurveyHooks:
    # The merge fields of a message about this response (every key of emails.MERGE_FIELDS
    # but ``link``).
    merge_fields: Callable[[Any], dict[str, object]]
    # Why the response's link no longer works ("" while it does), said to the respondent.
    unusable: Callable[[Any], str]
    # The responses still waiting for their buyer: invited, not completed, not declined.
    awaiting: Callable[[], QuerySet]
    # A response to show the survey's email wording on (unsaved), for the templates page.
    preview: Callable[[Any], Any]
    # The language the respondent reads their emails in (a code of ``LANGUAGES``).
    language: Callable[[Any], str]


_hooks: SurveyHooks | None = None


def surveys_from(hooks: SurveyHooks) -> None:
    """Called once by the surveys app."""
    global _hooks
    _hooks = hooks


def hooks() -> SurveyHooks:
    if _hooks is None:  # pragma: no cover - the surveys app is always installed
        raise RuntimeError("The surveys app has not registered its outreach hooks.")
    return _hooks


def is_survey(about: Any) -> bool:
    return not isinstance(about, Appointment)


def key(about: Any) -> dict[str, Any]:
    """The keyword that ties a link, message or consent to ``about``."""
    return {"survey_response": about} if is_survey(about) else {"appointment": about}


def key_ids(about: Any) -> dict[str, Any]:
    """``key`` by id, for rows made by the thousand: setting a relation by its object costs
    Django a descriptor's checks per row, and these rows are written, not read."""
    if is_survey(about):
        return {"survey_response_id": about.pk, "appointment_id": None}
    return {"appointment_id": about.pk, "survey_response_id": None}
