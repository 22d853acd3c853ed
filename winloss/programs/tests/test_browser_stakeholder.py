"""A stakeholder is shown only what their role may open, and "not allowed" has a way back."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.testing import PASSWORD, make_program

pytestmark = pytest.mark.browser


def test_stakeholder_sees_only_the_steps_they_may_open(browser_page, live_server, people):
    program = make_program(people["admin"].memberships.get().workspace, name="H1 wins")
    page = browser_page
    log_in(page, live_server, people["stakeholder"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{program.pk}/")

    tabs = page.get_by_role("navigation", name="SOP steps").get_by_role("link")
    expect(tabs).to_have_text(["Overview", "Scope", "Report", "Actions"])
    cards = page.locator(".step-card h3")
    expect(cards).to_have_text(["Scope", "Report", "Actions"])
    site = page.get_by_role("navigation", name="Site")
    expect(site.get_by_role("link", name="Deals")).to_have_count(0)


def test_not_allowed_page_leads_back_to_the_program(browser_page, live_server, people):
    program = make_program(people["admin"].memberships.get().workspace, name="H1 wins")
    page = browser_page
    log_in(page, live_server, people["stakeholder"].email, PASSWORD)
    response = page.goto(f"/w/acme/programs/{program.pk}/sample/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You can’t do that here")
    page.get_by_role("main").get_by_role("link", name="Back to the program").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("H1 wins")
