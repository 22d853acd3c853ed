"""A program with closed deals in scope and an approved survey, for the sending and answering
tests. Survey rows are made directly: building and approving a survey is tested apart."""

import datetime as dt

import pytest
from django.utils import timezone

from winloss.deals.models import Outcome
from winloss.surveys.builder.bank import default_questions
from winloss.surveys.models import Survey
from winloss.testing import make_account, make_contact, make_deal, make_program
from winloss.testing import make_survey as make_any_survey

# The bank's own questions, as a program owner starts from them.
QUESTIONS = [(q.kind, q.text) for q in default_questions()]


def make_survey(program, *, factors: int = 3) -> Survey:
    """Approved, with the bank's questions and the codebook's first themes as factors."""
    return make_any_survey(program, QUESTIONS, factors=factors, approved=True)


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
