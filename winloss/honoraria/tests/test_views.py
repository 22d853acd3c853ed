"""The honoraria page: the offer form, recording a choice, marking it sent, the finance
export — as a coordinator sees them."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from winloss.accounts.roles import Role
from winloss.honoraria import services
from winloss.honoraria.export import WITHHELD, rows
from winloss.honoraria.models import Honorarium, Status
from winloss.testing import make_program

from .builders import answer, offer_on, voice


@pytest.fixture
def program(workspace):
    return make_program(workspace, name="Q1 losses")


def _url(program, name: str) -> str:
    return reverse(
        f"honoraria:{name}", kwargs={"ws": program.workspace.slug, "program_id": program.pk}
    )


def _text(response) -> str:
    return response.content.decode()


def test_the_coordinator_sets_the_offer_and_reads_the_sentence_buyers_will_read(
    program, people, client_for
):
    client = client_for(people["coordinator"])
    response = client.post(
        _url(program, "offer"),
        {"kind": "gift_card", "amount": "50", "currency": "usd", "budget": "500", "charities": ""},
        follow=True,
    )
    page = _text(response)
    assert (
        "Offer saved: a gift card, or a donation to a charity if they prefer, USD 50 each" in page
    )
    assert "Invitations say:" in page and "send a USD 50 gift card or donate USD 50" in page
    assert "USD 500" in page  # the budget, all of it remaining


def test_a_bad_offer_is_refused_naming_the_field(program, people, client_for):
    client = client_for(people["coordinator"])
    response = client.post(
        _url(program, "offer"),
        {"kind": "gift_card", "amount": "50", "currency": "USD", "budget": "10"},
        follow=True,
    )
    assert "Budget: USD 10 does not cover one honorarium of USD 50." in _text(response)
    response = client.post(
        _url(program, "offer"), {"kind": "gift_card", "currency": "U$"}, follow=True
    )
    assert "The offer was not saved. Currency:" in _text(response)


def test_record_then_mark_sent_updates_the_table_and_the_budget(program, people, client_for):
    offer_on(program, 1, amount=50, budget=Decimal(200))
    bea = voice(program, invited=2, name="Bea Buyer")
    client = client_for(people["coordinator"])
    page = _text(client.get(_url(program, "program")))
    assert "Bea Buyer" in page and "Choice not recorded" in page
    response = client.post(
        _url(program, "record"), {"respondent": f"a{bea.pk}", "choice": "gift_card"}, follow=True
    )
    assert "Recorded: Gift card." in _text(response)
    h = Honorarium.objects.get(appointment=bea)
    response = client.post(
        _url(program, "status"),
        {"honorarium": h.pk, "version": h.version, "status": "sent"},
        follow=True,
    )
    page = _text(response)
    assert "Honorarium of USD 50 marked sent." in page
    assert f"by {people['coordinator']}" in page
    h.refresh_from_db()
    assert h.status == Status.SENT and h.sent_by == people["coordinator"]


def test_another_programs_respondent_cannot_be_recorded_here(
    program, people, client_for, workspace
):
    offer_on(program, 1)
    elsewhere = voice(make_program(workspace), invited=2)
    client = client_for(people["coordinator"])
    response = client.post(
        _url(program, "record"), {"respondent": f"a{elsewhere.pk}", "choice": "gift_card"}
    )
    assert response.status_code == 404
    assert not Honorarium.objects.exists()


def test_the_finance_export_lists_every_honorarium_formula_safe(program, people, client_for):
    offer_on(program, 1, kind="charity", amount=40, charities=["Oxfam", "UNICEF"])
    bea = voice(program, invited=2, name="Bea Buyer")
    sam = answer(program, invited=2, name="Sam Surveyed")
    services.record_choice(program=program, user=None, choice="charity", charity="Oxfam",
                           appointment=bea)  # fmt: skip
    services.record_choice(program=program, user=None, choice="charity", charity="UNICEF",
                           survey_response=sam, note="=HYPERLINK(\"http://x\")")  # fmt: skip
    client = client_for(people["coordinator"])
    response = client.get(_url(program, "export") + "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="honoraria-q1-losses.csv"'
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0][:9] == [
        "Respondent", "Email", "Program", "Answered by", "Offer", "Amount", "Currency",
        "Choice", "Status",
    ]  # fmt: skip
    assert table[1][:9] == [
        "Bea Buyer", "bea@buyer.example", "Q1 losses", "Interview",
        "A donation to a charity of their choice", "40.00", "USD", "Donation to Oxfam", "Promised",
    ]  # fmt: skip
    assert table[2][3] == "Survey" and table[2][7] == "Donation to UNICEF"
    assert table[2][11] == '\'=HYPERLINK("http://x")'  # shown as text, never run
    book = load_workbook(io.BytesIO(client.get(_url(program, "export") + "?format=xlsx").content))
    sheet = book.active
    assert [c.value for c in sheet[2]][:3] == ["Bea Buyer", "bea@buyer.example", "Q1 losses"]
    assert sheet["F2"].value == 40


def test_a_role_that_does_not_read_respondents_gets_them_withheld(program):
    offer_on(program, 1)
    services.record_choice(program=program, user=None, choice="gift_card",
                           appointment=voice(program, invited=2))  # fmt: skip
    assert rows(program, role=Role.STAKEHOLDER)[0][:2] == [WITHHELD, WITHHELD]
    assert rows(program, role=Role.COORDINATOR)[0][0] == "Bea Buyer"
