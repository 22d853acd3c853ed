"""Contacts added or imported after the draw reach the sample at once, without a redraw."""

import datetime as dt
from pathlib import Path

import pytest

from winloss.activity.models import LogEntry
from winloss.deals.imports import import_deals
from winloss.deals.imports.enrich import import_file
from winloss.deals.models import Deal
from winloss.programs.models import SampleEntry
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_deal, make_program

DATA = Path(__file__).parents[2] / "deals" / "tests" / "data"

pytestmark = pytest.mark.django_db(transaction=True)  # contacts reach the sample on commit


def test_imported_contact_roles_give_the_drawn_sample_its_respondents(workspace):
    import_deals(workspace=workspace, source=DATA / "sf_opportunities.csv")
    program = make_program(
        workspace, window_start=dt.date(2023, 1, 1), window_end=dt.date(2025, 12, 31)
    )
    draw = draw_sample(program, settings=DrawSettings(size=4, seed=3))
    assert draw.entries.exists() and not draw.entries.filter(contact__isnull=False).exists()

    import_file(workspace=workspace, source=DATA / "sf_opportunity_contact_roles.csv")

    entries = {e.deal.crm_id: e for e in draw.entries.select_related("deal", "contact")}
    hill = entries["006Ec00000AieKGIAZ"]
    assert hill.contact is not None and hill.contact.name == "Priya Nair"
    assert LogEntry.objects.for_object(program).filter(action="sample.respondents_found").exists()


def test_a_contact_added_on_the_account_page_reaches_the_sample(workspace, people, client_for):
    account = make_account(workspace, name="Initech")
    deal = make_deal(workspace, account=account, name="Initech renewal")
    program = make_program(workspace)
    draw_sample(program, settings=DrawSettings(size=1, seed=1))
    client = client_for(people["coordinator"])
    page = client.get(f"/w/acme/deals/accounts/{account.pk}/contacts/new/").content.decode()
    assert "Initech renewal" in page and "checked" in page  # its deals without contacts ticked
    response = client.post(
        f"/w/acme/deals/accounts/{account.pk}/contacts/new/",
        {"name": "Dana Whitfield", "email": "dana@initech.example", "decision_role": "evaluator",
         "deals": [deal.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    entry = SampleEntry.objects.get(deal=deal)
    assert entry.contact.name == "Dana Whitfield"
    assert entry.contact.decision_role == "evaluator"
    assert Deal.objects.get(pk=deal.pk).contacts.get().account == account


def test_a_contact_form_without_a_name_keeps_what_was_typed(workspace, people, client_for):
    deal = make_deal(workspace)
    client = client_for(people["analyst"])
    response = client.post(
        f"/w/acme/deals/{deal.pk}/contacts/new/",
        {"name": "", "email": "dana@initech.example", "decision_role": "procurement"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="dana@initech.example"' in page
    assert 'aria-invalid="true"' in page and "This field is required." in page
    assert not deal.contacts.exists()
