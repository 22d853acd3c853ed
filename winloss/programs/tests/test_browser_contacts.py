"""A program built from a Salesforce opportunity export (no contacts in it): the import leads
back to the program, and respondents added in the browser reach the drawn sample at once."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.deals.models import Contact
from winloss.programs.models import SampleEntry
from winloss.testing import PASSWORD, make_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A Salesforce Opportunity export as Salesforce writes it: 50 opportunities, no contacts.
EXPORT = Path(__file__).parent / "data" / "salesforce_opportunity_sample.csv"


def test_import_from_the_sample_page_then_add_the_missing_respondent(
    browser_page, live_server, workspace, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    program = make_program(
        workspace,
        name="Salesforce wins and losses",
        window_start=dt.date(2022, 1, 1),
        window_end=dt.date(2025, 12, 31),
    )
    page = browser_page
    log_in(page, live_server, people["analyst"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{program.pk}/sample/")
    expect(page.locator("#import-hint")).to_contain_text("No closed deals in this scope yet")
    page.locator("#import-hint").get_by_role("link", name="Import a CRM export").click()

    page.get_by_label("File").set_input_files(str(EXPORT))
    page.get_by_role("button", name="Upload and map the columns").click()
    page.get_by_role("button", name="Check every row (nothing is saved)").click()
    page.locator(".result-summary").wait_for()
    page.get_by_role("button", name=re.compile(r"^Import")).first.click()
    expect(page.locator(".result-summary")).to_contain_text("Imported")
    page.get_by_role("button", name="Back to the program’s sample").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salesforce wins and losses")

    page.get_by_label("Sample size").fill("3")
    page.get_by_role("button", name="Draw the sample").click()
    note = page.locator("#no-contact-note")
    expect(note).to_contain_text("3 of the deals in the sample have no contact on record")

    entry = SampleEntry.objects.filter(program=program).select_related("deal").first()
    row = page.locator(f"#entry-{entry.pk}")
    expect(row).to_contain_text("No contact on record")
    row.get_by_role("link", name=f"Add the respondent for {entry.deal.name}").click()
    page.get_by_label("Name").fill("Dana Whitfield")
    page.get_by_label("Email").fill("dana@buyer.example")
    page.get_by_label("Role in the decision").select_option(label="Executive sponsor")
    page.get_by_role("button", name="Add the contact").click()

    expect(page).to_have_url(re.compile(rf"/programs/{program.pk}/sample/#entry-{entry.pk}$"))
    expect(page.locator(f"#entry-{entry.pk}")).to_contain_text("Dana Whitfield")
    expect(note).to_contain_text("2 of the deals in the sample have no contact on record")
    assert Contact.objects.get(name="Dana Whitfield").decision_role == "executive_sponsor"
