"""A validated interview's summary as three readers find it in the browser: from the report
step's list, a stakeholder and a sales leader (a member with the stakeholder role) read the
reasons in the buyer's redacted words without the deal; an analyst reads the deal too."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD, make_member, make_program

from .summary_world import interview_with

pytestmark = pytest.mark.browser

REDACTED = "“[name] here: [company] could not justify your price, call me on [phone].”"


@pytest.mark.parametrize("reader", ["stakeholder", "sales leader", "analyst"])
def test_each_reader_finds_the_summary_from_the_report_step(
    browser_page, live_server, workspace, people, reader
):
    program = make_program(workspace, owner=people[Role.OWNER])
    interview = interview_with(program, people, "anonymous", rep_reason="product_fit")
    deal = interview.entry.deal.name
    user = (
        make_member(workspace, Role.STAKEHOLDER, email="vp.sales@acme.example")
        if reader == "sales leader"
        else people[Role.STAKEHOLDER if reader == "stakeholder" else Role.ANALYST]
    )
    page = browser_page
    log_in(page, live_server, user.email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/{program.pk}/report/")
    page.get_by_role("link", name="Interview summaries").click()
    expect(page.get_by_role("heading", name="Interview summaries")).to_be_visible()
    team = reader == "analyst"
    row = page.get_by_role("row").filter(has_text="Lost")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()

    expect(page.get_by_role("heading", name="Interview summary")).to_be_visible()
    reasons = page.locator(".summary-reasons")
    expect(reasons).to_contain_text("Pricing and commercial terms")
    expect(reasons.get_by_text(REDACTED)).to_be_visible()
    expect(page.get_by_text("Dana Whitfield")).to_have_count(0)
    expect(page.get_by_text("Northwind", exact=False)).to_have_count(0)
    expect(page.get_by_role("heading", name="The rep's view beside the buyer's")).to_be_visible()
    if team:
        expect(page.get_by_role("heading", name=f"Interview summary: {deal}")).to_be_visible()
        expect(page.get_by_role("link", name="The interview's review")).to_be_visible()
        screenshot(page, "interview-summary")
    else:
        expect(page.get_by_text(deal)).to_have_count(0)
        expect(page.get_by_role("link", name="The interview's review")).to_have_count(0)
