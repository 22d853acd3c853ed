"""In a browser: the offer set, a respondent's gift card recorded and sent, the budget moves."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD, make_program

from .builders import voice

pytestmark = pytest.mark.browser


def test_offer_set_then_a_respondent_marked_sent_updates_the_budget(
    browser_page, live_server, workspace, people
):
    program = make_program(workspace, name="Q1 losses")
    page = browser_page
    log_in(page, live_server, people["coordinator"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{program.pk}/honoraria/")
    expect(page.get_by_text("No honorarium: invitations say nothing about one.")).to_be_visible()

    page.get_by_label("A gift card, or a donation to a charity if they prefer").check()
    page.get_by_label("Amount per respondent").fill("50")
    page.get_by_label("Currency").fill("USD")
    page.get_by_role("spinbutton", name="Budget").fill("120")
    page.get_by_role("button", name="Save the offer").click()
    expect(page.locator("#offer")).to_contain_text(
        "As a thank-you, we will send a USD 50 gift card or donate USD 50 to a charity of your "
        "choice."
    )
    expect(page.locator("[data-figure=remaining]")).to_have_text("USD 120")

    # Bea is invited under the offer and gives her interview.
    voice(program, invited=timezone.now(), name="Bea Buyer")
    page.reload()
    row = page.locator("tr", has_text="Bea Buyer")
    expect(row).to_contain_text("Choice not recorded")
    row.get_by_label("Their choice").select_option("gift_card")
    row.get_by_role("button", name="Record the choice of Bea Buyer").click()
    expect(page.locator("[data-figure=committed]")).to_have_text("USD 50")
    expect(page.locator("[data-figure=remaining]")).to_have_text("USD 70")

    row = page.locator("tr", has_text="Bea Buyer")
    row.get_by_label("Status").select_option("sent")
    row.get_by_role("button", name="Update the honorarium of Bea Buyer").click()
    expect(page.get_by_text("Honorarium of USD 50 marked sent.")).to_be_visible()
    expect(page.locator("[data-figure=spent]")).to_have_text("USD 50")
    expect(page.locator("[data-figure=committed]")).to_have_text("USD 0")
    expect(page.locator("tr", has_text="Bea Buyer")).to_contain_text("Sent")
    screenshot(page, "honoraria")
