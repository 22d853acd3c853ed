"""The offer's versions, a respondent's choice and its statuses, and the budget."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.honoraria import services
from winloss.honoraria.models import Honorarium, Status
from winloss.honoraria.queries import budget_of, current_offer, offer_sentence
from winloss.honoraria.services import HonorariumError
from winloss.outreach.models import AppointmentStatus
from winloss.testing import make_program

from .builders import answer, day, offer_on, voice


@pytest.fixture
def program(workspace):
    return make_program(workspace, name="Q1 losses")


def test_an_offer_change_is_a_new_version_and_applies_to_later_invitations(program):
    first = offer_on(program, 1, amount=50)
    second = offer_on(program, 10, kind="charity", amount=80, charities=["Oxfam", "UNICEF"])
    assert (first.number, second.number) == (1, 2)
    assert current_offer(program) == second
    assert offer_sentence(program, day(5)) == (
        "As a thank-you, we will send a USD 50 gift card or donate USD 50 to a charity of your "
        "choice."
    )
    assert offer_sentence(program, day(12)) == (
        "As a thank-you, we will donate USD 80 to a charity of your choice (Oxfam or UNICEF)."
    )
    assert offer_sentence(program, day(0)) == ""  # before any offer: nothing promised


def test_an_offer_needs_an_amount_a_currency_and_a_budget_that_covers_one(program):
    with pytest.raises(HonorariumError, match="Currency: give its three-letter ISO 4217"):
        services.set_offer(program=program, user=None, kind="gift_card", amount=Decimal(50),
                           currency="dollars", budget=Decimal(500))  # fmt: skip
    with pytest.raises(HonorariumError, match="does not cover one honorarium of USD 50"):
        services.set_offer(program=program, user=None, kind="gift_card", amount=Decimal(50),
                           currency="usd", budget=Decimal(20))  # fmt: skip
    assert current_offer(program).pk is None  # nothing saved


def test_a_promise_counts_as_committed_and_a_sent_one_as_spent(program, people):
    offer_on(program, 1, amount=50, budget=Decimal(120))
    first, second = voice(program, invited=2), answer(program, invited=3)
    promised = services.record_choice(
        program=program, user=None, choice="gift_card", appointment=first
    )
    services.record_choice(
        program=program, user=None, choice="charity", charity="Oxfam", survey_response=second
    )
    budget = budget_of(program)
    assert (budget.spent, budget.committed, budget.remaining) == (0, 100, 20)
    services.change_status(
        honorarium=promised, status=Status.SENT, user=people["coordinator"], expected_version=1
    )
    promised.refresh_from_db()
    assert promised.sent_by == people["coordinator"] and promised.sent_at is not None
    budget = budget_of(program)
    assert (budget.spent, budget.committed, budget.remaining) == (50, 50, 20)


def test_a_promise_over_the_budget_is_refused_with_the_figures(program):
    offer_on(program, 1, amount=50, budget=Decimal(100))
    for _ in range(2):
        services.record_choice(
            program=program, user=None, choice="gift_card", appointment=voice(program, invited=2)
        )
    third = voice(program, invited=2)
    with pytest.raises(
        HonorariumError,
        match=r"Over budget: USD 0 of the USD 100 budget is left \(USD 0 sent, USD 100 "
        r"promised\), not enough for USD 50",
    ):
        services.record_choice(program=program, user=None, choice="gift_card", appointment=third)
    assert not Honorarium.objects.filter(appointment=third).exists()
    # A decline costs nothing: it is recorded whatever the budget.
    declined = services.record_choice(
        program=program, user=None, choice="declined", appointment=third
    )
    assert declined.status == Status.DECLINED


def test_the_budget_cannot_be_lowered_below_what_is_promised(program):
    offer_on(program, 1, amount=50, budget=Decimal(500))
    for _ in range(3):
        services.record_choice(
            program=program, user=None, choice="gift_card", appointment=voice(program, invited=2)
        )
    with pytest.raises(HonorariumError, match="USD 0 already sent and USD 150 promised"):
        services.set_offer(program=program, user=None, kind="gift_card", amount=Decimal(50),
                           currency="USD", budget=Decimal(100))  # fmt: skip


def test_statuses_move_only_from_promised(program):
    offer_on(program, 1)
    h = services.record_choice(
        program=program, user=None, choice="gift_card", appointment=voice(program, invited=2)
    )
    services.change_status(honorarium=h, status="not_allowed", user=None, expected_version=1,
                           note="Public-sector employer")  # fmt: skip
    h.refresh_from_db()
    assert h.get_status_display() == "Not allowed by their employer"
    assert h.note == "Public-sector employer"
    with pytest.raises(
        HonorariumError, match="is not allowed by their employer: it cannot be marked sent"
    ):
        services.change_status(honorarium=h, status="sent", user=None, expected_version=2)
    assert budget_of(program).committed == 0


def test_no_honorarium_for_someone_invited_before_any_offer_or_not_yet_heard(program):
    early = voice(program, invited=0)
    offer_on(program, 1)
    with pytest.raises(HonorariumError, match="invited when the program offered no honorarium"):
        services.record_choice(program=program, user=None, choice="gift_card", appointment=early)
    pending = voice(program, invited=2, status=AppointmentStatus.INVITED)
    with pytest.raises(HonorariumError, match="has not given their interview yet"):
        services.record_choice(program=program, user=None, choice="gift_card", appointment=pending)


def test_a_charity_offer_takes_a_named_charity_from_its_list(program):
    offer_on(program, 1, kind="charity", charities=["Oxfam"])
    someone = voice(program, invited=2)
    with pytest.raises(HonorariumError, match="offered a charity donation only"):
        services.record_choice(program=program, user=None, choice="gift_card", appointment=someone)
    with pytest.raises(HonorariumError, match="“Red Cross” is not one of those offered"):
        services.record_choice(program=program, user=None, choice="charity", charity="Red Cross",
                               appointment=someone)  # fmt: skip
    h = services.record_choice(
        program=program, user=None, choice="charity", charity="Oxfam", appointment=someone
    )
    assert h.choice_text == "Donation to Oxfam" and h.status == Status.PROMISED


def test_an_honorarium_belongs_to_exactly_one_respondent(program):
    offer = offer_on(program, 1)
    both = Honorarium(workspace=program.workspace, program=program, offer=offer, kind="gift_card",
                      amount=Decimal(50), currency="USD", status="promised",
                      appointment=voice(program, invited=2),
                      survey_response=answer(program, invited=2))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    both.appointment = both.survey_response = None
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()


def test_every_change_reads_as_a_sentence_in_the_history(program, people):
    offer_on(program, 1)
    h = services.record_choice(program=program, user=people["coordinator"], choice="gift_card",
                               appointment=voice(program, invited=2))  # fmt: skip
    services.change_status(
        honorarium=h, status="sent", user=people["coordinator"], expected_version=1
    )
    said = [describe(e) for e in LogEntry.objects.order_by("pk")]
    assert any("set version 1 of the honorarium offer" in s and "USD 50 each" in s for s in said)
    assert any(
        "recorded a respondent's honorarium of USD 50: Gift card, Promised" in s for s in said
    )
    assert any("marked a respondent's honorarium of USD 50 sent" in s for s in said)
