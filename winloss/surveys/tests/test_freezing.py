"""An approved survey never changes, whatever the path: its questions, factors and waivers are
refused by the models and their querysets, not only by the services."""

import pytest

from winloss.surveys.builder import services
from winloss.surveys.builder.queries import factor_themes
from winloss.surveys.models import (
    Survey,
    SurveyError,
    SurveyFactor,
    SurveyQuestion,
    SurveyStatus,
    SurveyWaiver,
)
from winloss.testing import make_program, make_survey

TEXT = "What else should we know about how your team made this decision?"


@pytest.fixture
def approved(workspace, people):
    survey = make_survey(make_program(workspace), factors=2)
    SurveyWaiver.objects.create(
        question=survey.questions.get(), rule="closed", text=TEXT, reason="Kept"
    )
    survey.status = SurveyStatus.APPROVED
    survey.save()
    return survey


def test_the_services_refuse_every_change_to_an_approved_survey(approved, people):
    owner = people["owner"]
    question = approved.questions.get()
    factor = approved.factors.first()
    attempts = [
        lambda: services.edit_question(
            question=question, user=owner, expected_version=question.version, text="Why?"
        ),
        lambda: services.add_question(survey=approved, user=owner, kind="open", text="Why?"),
        lambda: services.delete_question(
            question=question, user=owner, expected_version=question.version
        ),
        lambda: services.move_question(question=question, user=owner, direction="up"),
        lambda: services.remove_factor(
            factor=factor, user=owner, expected_version=approved.version
        ),
        lambda: services.move_factor(factor=factor, user=owner, direction="down"),
    ]
    for attempt in attempts:
        with pytest.raises(SurveyError, match="is approved and cannot change"):
            attempt()


def test_questions_of_an_approved_survey_refuse_saves_updates_deletes_and_new_rows(approved):
    question = approved.questions.get()

    question.text = "Rewritten behind the service's back"
    with pytest.raises(SurveyError, match="approved and can no longer change"):
        question.save()
    with pytest.raises(SurveyError):
        question.delete()
    with pytest.raises(SurveyError):
        SurveyQuestion.objects.filter(pk=question.pk).update(text="Rewritten in bulk")
    with pytest.raises(SurveyError):
        SurveyQuestion.objects.filter(survey=approved).delete()
    with pytest.raises(SurveyError):
        SurveyQuestion.objects.create(survey=approved, kind="open", position=2, text="New?")
    with pytest.raises(SurveyError):
        SurveyQuestion.objects.bulk_create(
            [SurveyQuestion(survey=approved, kind="open", position=2, text="New?")]
        )

    question.refresh_from_db()
    assert question.text == TEXT


def test_factors_and_waivers_of_an_approved_survey_never_change(approved, workspace):
    factor = approved.factors.first()
    waiver = SurveyWaiver.objects.get(question__survey=approved)
    spare = (
        factor_themes(workspace.pk)
        .exclude(pk__in=[f.theme_id for f in approved.factors.all()])
        .last()
    )

    with pytest.raises(SurveyError):
        factor.delete()
    with pytest.raises(SurveyError):
        SurveyFactor.objects.filter(survey=approved).update(position=9)
    with pytest.raises(SurveyError):
        SurveyFactor.objects.create(survey=approved, theme=spare, position=3)
    waiver.reason = "Changed"
    with pytest.raises(SurveyError):
        waiver.save()
    with pytest.raises(SurveyError):
        SurveyWaiver.objects.filter(pk=waiver.pk).delete()
    with pytest.raises(SurveyError):
        Survey.objects.filter(pk=approved.pk).update(status=SurveyStatus.DRAFT)

    assert approved.factors.count() == 2
    assert SurveyWaiver.objects.get(pk=waiver.pk).reason == "Kept"


def test_a_draft_survey_changes_freely(workspace):
    draft = make_survey(make_program(workspace), factors=2)

    SurveyQuestion.objects.filter(survey=draft).update(text="What mattered?")
    SurveyFactor.objects.filter(survey=draft).delete()

    assert draft.questions.get().text == "What mattered?"
    assert not draft.factors.exists()
