"""The {honorarium} merge field: the invitation a buyer receives and the consent text they
read say exactly what the program offers, and nothing when it offers nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from winloss.honoraria import services as honoraria
from winloss.outreach import consent
from winloss.outreach import services as outreach
from winloss.outreach.models import ConsentKind
from winloss.testing import make_member, make_program, make_sample

SENTENCE = (
    "As a thank-you, we will send a USD 50 gift card or donate USD 50 to a charity of your choice."
)


@pytest.fixture
def program(workspace):
    make_member(workspace, "interviewer", name="Iris Interviewer")
    return make_sample(make_program(workspace, name="Q1 losses")).program


def _bodies(inbox) -> list[str]:
    plain = [m.get_body(preferencelist=("plain",)).get_content() for m in inbox.messages]
    return [body.replace("\r\n", "\n") for body in plain]  # SMTP sends CRLF lines


def _invite(program, user, smtp_server, capture) -> list[str]:
    with capture(execute=True):
        assert outreach.send_invitations(program, user=user) == 3
    return _bodies(smtp_server)


def test_the_invitation_sent_says_the_offer_exactly(
    program, people, smtp_server, django_capture_on_commit_callbacks
):
    honoraria.set_offer(program=program, user=people["owner"], kind="gift_card",
                        amount=Decimal(50), currency="USD", budget=Decimal(500))  # fmt: skip
    bodies = _invite(
        program, people["coordinator"], smtp_server, django_capture_on_commit_callbacks
    )
    assert len(bodies) == 3
    for body in bodies:
        assert f"\n\n{SENTENCE}\n\nIf you would rather not" in body


def test_without_an_offer_the_sentence_leaves_no_trace(
    program, people, smtp_server, django_capture_on_commit_callbacks
):
    bodies = _invite(
        program, people["coordinator"], smtp_server, django_capture_on_commit_callbacks
    )
    for body in bodies:
        assert "thank-you" not in body and "{honorarium}" not in body
        assert "\n\n\n" not in body and "  " not in body
        assert "\n\nIf you would rather not" in body


def test_the_consent_statement_says_the_offer_and_drops_it_when_there_is_none(program, people):
    text = consent.current_text(program.workspace, ConsentKind.STATEMENT)
    assert consent.render(text, program=program).endswith("ask for your notes to be deleted.")
    honoraria.set_offer(program=program, user=people["owner"], kind="charity",
                        amount=Decimal(25), currency="EUR", budget=Decimal(250))  # fmt: skip
    assert consent.render(text, program=program).endswith(
        "deleted.\n\nAs a thank-you, we will donate EUR 25 to a charity of your choice."
    )


def test_the_survey_invitation_says_the_offer_exactly_too(
    workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    from winloss.surveys.sending.services import send_survey
    from winloss.surveys.tests.conftest import make_survey, recent_deal

    today = timezone.localdate()
    window = {"window_start": today - dt.timedelta(days=60), "window_end": today}
    program = make_program(workspace, name="Q4 buyers", owner=people["owner"], **window)
    make_survey(program)
    recent_deal(workspace, email="ana@buyer.example")
    honoraria.set_offer(program=program, user=people["owner"], kind="gift_card",
                        amount=Decimal(50), currency="USD", budget=Decimal(500))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        send_survey(program, user=people["coordinator"])
    (body,) = _bodies(smtp_server)
    assert f"\n\n{SENTENCE}\n\nIf you would rather not" in body
