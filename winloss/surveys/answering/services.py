"""The buyer's own writes, through their survey link: consent, each answer, finish, decline.

Every write checks the link on the server (``outreach.links.resolve`` for the survey's
purpose) and, for answers, that consent was given first: a page that skipped the consent step
cannot store an answer.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from winloss.activity.services import log_action, respondent_actor
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose, RespondentLink
from winloss.outreach.services import ConsentAnswers, OutreachError, record_consent

from ..builder.wording import factor_scales
from ..models import (
    QuestionKind,
    ResponseStatus,
    SurveyComment,
    SurveyError,
    SurveyQuestion,
    SurveyRating,
    SurveyResponse,
)

OTHER = "other"
MAX_OTHER = 500
MAX_COMMENT = 5000


class AnswerError(SurveyError):
    """An answer that cannot be kept, said for the respondent in their language (the view
    runs these under the response's language)."""


NOT_IN_SURVEY = gettext_noop("That question is not part of this survey.")
CONSENT_FIRST = gettext_noop("Please agree to how your answers are used before answering.")


@dataclass(frozen=True)
class Opened:
    link: RespondentLink
    response: SurveyResponse


def open_link(token: str, *, for_update: bool = False) -> Opened:
    """The response this survey link stands for, or ``links.LinkUnusable`` saying why not."""
    link = links.resolve(token, for_update=for_update, purposes=(LinkPurpose.SURVEY,))
    read = link.survey_response
    if read is None:  # a survey link always has its response; said for the type checker
        raise links.LinkUnusable(links.NOT_VALID)
    response = read
    if for_update:
        response = SurveyResponse.objects.select_for_update().get(pk=read.pk)
        response.program = read.program  # already read, with its workspace
    return Opened(link, response)


def has_consented(response: SurveyResponse) -> bool:
    return response.consents.exists()


def _respondent(response: SurveyResponse) -> str:
    return respondent_actor(response.contact)


@transaction.atomic
def consent(token: str, *, attribution: str, answers_allowed: bool) -> SurveyResponse:
    """The buyer agrees (once) to how their answers are used, and says how they may be quoted."""
    opened = open_link(token, for_update=True)
    response = opened.response
    if has_consented(response):
        return response
    try:
        record_consent(
            response,
            ConsentAnswers(
                notes_allowed=answers_allowed,
                recording_allowed=False,
                transcription_allowed=False,
                attribution=attribution,
            ),
            given_by=_respondent(response),
        )
    except OutreachError as error:
        raise AnswerError(_(str(error))) from None
    response.status = ResponseStatus.STARTED
    response.started_at = timezone.now()
    response.save(update_fields=["status", "started_at", "updated"])
    log_action(
        response.program,
        "survey_response.agreed",
        actor=_respondent(response),
        data={"deal": str(response.deal)},
    )
    return response


@transaction.atomic
def save_answer(token: str, *, field: str, value: str) -> SurveyResponse:
    """Keep one answer as it is given (an empty value clears it)."""
    opened = open_link(token, for_update=True)
    response = opened.response
    if not has_consented(response):
        raise AnswerError(_(CONSENT_FIRST))
    _store(response, field, value.strip())
    return response


def _number(value: str, low: int, high: int) -> int | None:
    if value == "":
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise AnswerError(
            _("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return int(value)


def _store(response: SurveyResponse, field: str, value: str) -> None:
    survey = response.survey
    if survey is None:
        raise AnswerError(_(NOT_IN_SURVEY))
    themes = set(survey.factors.values_list("theme_id", flat=True))
    if field.startswith("rating-"):
        _prefix, theme, aspect = [*field.split("-", 2), "", ""][:3]
        # Only the scales this buyer's page asks (no chosen vendor's score after a win).
        asked = {scale.field for scale in factor_scales(response.outcome)}
        if not theme.isdigit() or int(theme) not in themes or aspect not in asked:
            raise AnswerError(_(NOT_IN_SURVEY))
        score = _number(value, 1, 5)
        SurveyRating.objects.update_or_create(
            response=response, theme_id=int(theme), defaults={aspect: score}
        )
    elif field == "main_reason":
        if value not in ("", OTHER) and (not value.isdigit() or int(value) not in themes):
            raise AnswerError(_("Choose one of the reasons listed."))
        response.main_reason_id = int(value) if value.isdigit() else None
        if value != OTHER:
            response.main_reason_other = ""
        response.save(update_fields=["main_reason", "main_reason_other", "updated"])
    elif field == "main_reason_other":
        if len(value) > MAX_OTHER:
            raise AnswerError(_("Please keep this answer shorter."))
        response.main_reason_other = value
        if value:
            response.main_reason_id = None
        response.save(update_fields=["main_reason", "main_reason_other", "updated"])
    elif field == "reconsider":
        response.reconsider = _number(value, 0, 10)
        response.save(update_fields=["reconsider", "updated"])
    elif field.startswith("comment-"):
        question = SurveyQuestion.objects.filter(
            survey=survey, kind=QuestionKind.OPEN, pk=field[8:] if field[8:].isdigit() else 0
        ).first()
        if question is None:
            raise AnswerError(_(NOT_IN_SURVEY))
        if len(value) > MAX_COMMENT:
            raise AnswerError(_("Please keep this answer shorter."))
        comments = SurveyComment.objects.filter(response=response, question=question)
        if not value:
            comments.delete()
        elif not comments.update(text=value):
            SurveyComment.objects.create(
                response=response, question=question, prompt=question.text, text=value
            )
    else:
        raise AnswerError(_(NOT_IN_SURVEY))


@transaction.atomic
def finish(token: str) -> SurveyResponse:
    """The buyer is done: the response is complete and the link is used up."""
    opened = open_link(token, for_update=True)
    response = opened.response
    if not has_consented(response):
        raise AnswerError(_(CONSENT_FIRST))
    now = timezone.now()
    response.status = ResponseStatus.COMPLETED
    response.completed_at = now
    response.save(update_fields=["status", "completed_at", "updated"])
    RespondentLink.objects.filter(pk=opened.link.pk).update(used_at=now)
    log_action(
        response.program,
        "survey_response.completed",
        actor=_respondent(response),
        data={"deal": str(response.deal)},
    )
    return response


@transaction.atomic
def decline(token: str) -> SurveyResponse:
    """The buyer would rather not: no reminder follows, and the link stops working."""
    opened = open_link(token, for_update=True)
    response = opened.response
    response.status = ResponseStatus.DECLINED
    response.save(update_fields=["status", "updated"])
    RespondentLink.objects.filter(survey_response=response, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    log_action(
        response.program,
        "survey_response.declined",
        actor=_respondent(response),
        data={"deal": str(response.deal)},
    )
    return response


@transaction.atomic
def choose_language(token: str, *, language: str) -> SurveyResponse:
    """The language the buyer reads the survey in, kept on the response."""
    opened = open_link(token, for_update=True)
    response = opened.response
    if language not in response.program.workspace.languages_for_respondents:
        raise AnswerError(_("Choose one of the languages offered."))
    response.language = language
    response.save(update_fields=["language", "updated"])
    return response
