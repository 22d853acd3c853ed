"""A program with closed deals in scope and an approved survey, for the sending and answering
tests. Survey rows are made directly: building and approving a survey is tested apart."""

import datetime as dt

import pytest
from django.utils import timezone

from winloss.coding.models import Theme
from winloss.deals.models import Outcome
from winloss.surveys.models import (
    QuestionKind,
    Survey,
    SurveyFactor,
    SurveyQuestion,
    SurveyStatus,
)
from winloss.testing import make_account, make_contact, make_deal, make_program

QUESTIONS = [
    (QuestionKind.FACTORS, "How did each of these weigh in your decision?"),
    (QuestionKind.MAIN_REASON, "What was the main reason for your decision?"),
    (QuestionKind.RECONSIDER, "How likely are you to consider us again?"),
    (QuestionKind.OPEN, "What could we have done better?"),
]


def make_survey(program, *, factors: int = 3) -> Survey:
    survey = Survey.objects.create(program=program, number=1)
    for position, (kind, text) in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.create(survey=survey, kind=kind, position=position, text=text)
    themes = Theme.objects.filter(workspace=program.workspace).order_by("position", "pk")
    for position, theme in enumerate(themes[:factors], start=1):
        SurveyFactor.objects.create(survey=survey, theme=theme, position=position)
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.APPROVED, approved_at=timezone.now()
    )
    survey.refresh_from_db()
    return survey


def recent_deal(
    workspace, *, name=None, outcome=Outcome.LOST, email="buyer@buyer.example", **contact
):
    """A deal closed last week, with one buyer (no email when ``email`` is empty)."""
    account = make_account(workspace)
    closed = timezone.localdate() - dt.timedelta(days=7)
    named = {"name": name} if name else {}
    deal = make_deal(workspace, account=account, outcome=outcome, close_date=closed, **named)
    deal.contacts.add(make_contact(workspace, account=account, email=email, **contact))
    return deal


@pytest.fixture
def program(workspace, people):
    today = timezone.localdate()
    return make_program(
        workspace,
        name="Q4 buyers",
        owner=people["owner"],
        window_start=today - dt.timedelta(days=60),
        window_end=today,
    )


@pytest.fixture
def survey(program):
    return make_survey(program)
