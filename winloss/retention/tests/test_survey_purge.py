"""Buyer survey answers under the retention policy: past the days kept, the buyer's words and
address go; ratings, choices and codes stay as the program's record."""

import datetime as dt

import pytest
from django.utils import timezone

from winloss.activity.models import REMOVED
from winloss.coding.models import Theme
from winloss.outreach.models import ConsentKind, ConsentRecord, ConsentText, OutreachMessage
from winloss.retention import services
from winloss.retention.models import RetentionPolicy
from winloss.retention.queries import preview
from winloss.surveys.models import SurveyComment, SurveyRating, SurveyResponse
from winloss.testing import make_deal, make_program


@pytest.fixture
def policy(workspace):
    return RetentionPolicy.objects.create(workspace=workspace, days=90)


def _answered(workspace, program, *, days_ago: int, email: str) -> SurveyResponse:
    done = timezone.now() - dt.timedelta(days=days_ago)
    theme = Theme.objects.filter(workspace=workspace).first()
    response = SurveyResponse.objects.create(
        workspace=workspace, program=program, deal=make_deal(workspace, outcome="lost"),
        outcome="lost", source="sent", status="completed", respondent_email=email,
        invited_at=done, completed_at=done, main_reason_other="Our CFO's cousin works there",
        reconsider=4,
    )  # fmt: skip
    SurveyRating.objects.create(response=response, theme=theme, importance=5, performance=2)
    SurveyComment.objects.create(response=response, prompt="Why?", text="Dana Smith said no.")
    OutreachMessage.objects.create(
        survey_response=response, kind="survey_invitation", to=email, subject="Your view",
        body="Hello Dana",
    )  # fmt: skip
    statement = ConsentText.objects.create(
        workspace=workspace, kind=ConsentKind.SURVEY, number=ConsentText.objects.count() + 1,
        body="We keep answers {retention_days} days.",
    )  # fmt: skip
    ConsentRecord.objects.create(
        survey_response=response, statement=statement, shown_text="We keep answers 90 days.",
        notes_allowed=True, recording_allowed=False, transcription_allowed=False,
        attribution="anonymous", given_by=email,
    )  # fmt: skip
    return response


def test_old_survey_answers_lose_words_and_address_and_keep_their_figures(workspace, policy):
    program = make_program(workspace)
    old = _answered(workspace, program, days_ago=120, email="dana@buyer.example")
    new = _answered(workspace, program, days_ago=10, email="sam@buyer.example")
    assert preview(workspace).counts["survey_responses"] == 1
    run = services.purge(workspace)
    assert run.survey_responses == 1
    old.refresh_from_db()
    assert (old.respondent_email, old.main_reason_other) == ("", "")
    assert old.purged_at is not None and old.reconsider == 4
    assert SurveyComment.objects.get(response=old).text == REMOVED
    assert SurveyRating.objects.get(response=old).importance == 5
    message = OutreachMessage.objects.get(survey_response=old)
    assert (message.to, message.body) == ("", "")
    consent = ConsentRecord.objects.get(survey_response=old)
    assert (consent.given_by, consent.shown_text, consent.attribution) == ("", "", "anonymous")
    # The newer response is untouched, and a second run empties nothing more.
    new.refresh_from_db()
    assert new.respondent_email == "sam@buyer.example" and new.purged_at is None
    assert SurveyComment.objects.get(response=new).text == "Dana Smith said no."
    assert services.purge(workspace).survey_responses == 0


def test_a_consent_that_promised_fewer_days_is_kept_to(workspace, policy):
    program = make_program(workspace)
    response = _answered(workspace, program, days_ago=40, email="lee@buyer.example")
    ConsentRecord.objects.filter(survey_response=response).update(retention_days=30)
    assert services.purge(workspace).survey_responses == 1
