"""The executive view and the report across waves as an analyst, a stakeholder and a sales
leader (a member with the stakeholder role) read them."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.testing import PASSWORD

from .executive_world import SALES_LEADER, publish, two_waves

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("pdf_renders")]

CHANGE_BEFORE = "(6 of 30 deals not won in Q1 2025)"
CHANGE_AFTER = "(24 of 30 deals not won in Q2 2025)"


def _executive_view(page, live_server, email: str):
    page.context.clear_cookies()
    log_in(page, live_server, email, PASSWORD)
    page.goto(f"{live_server.url}/w/acme/programs/")
    page.get_by_role("link", name="Executive view").click()
    expect(page.get_by_role("heading", name="Executive view")).to_be_visible()
    return page.locator("main")


def test_analyst_stakeholder_and_sales_leader_read_the_executive_view(
    browser_page, live_server, workspace, people
):
    q1, q2, _leader = two_waves(workspace, people)
    publish(q1, people)
    page = browser_page

    # The analyst: Q2's live figures, the change with its base on both sides, the overdue
    # action and every open escalation.
    main = _executive_view(page, live_server, people[Role.ANALYST].email)
    changes = main.locator(".changes")
    expect(changes).to_contain_text("Pricing and commercial terms")
    expect(changes).to_contain_text(CHANGE_BEFORE)
    expect(changes).to_contain_text(CHANGE_AFTER)
    expect(changes).to_contain_text("adjusted p < 0.001")
    expect(main).to_contain_text("Q1 2025 40% (20 of 50) → Q2 2025 50% (30 of 60)")
    overdue = main.get_by_role("table", name="Overdue actions")
    expect(overdue).to_contain_text("Rewrite the discount approval rules")
    expect(main.get_by_role("table", name="Open escalations")).to_contain_text("overdue")
    screenshot(page, "executive-view")

    # A stakeholder: only Q1's published report; Q2's change is not published yet.
    main = _executive_view(page, live_server, people[Role.STAKEHOLDER].email)
    expect(main).to_contain_text("from version 1 of the Q1 2025 report")
    expect(main).to_contain_text("Pricing and commercial terms: 20% (6 of 30 deals not won)")
    expect(main).not_to_contain_text("24 of 30")
    expect(main).to_contain_text("0 open escalations yours to handle")
    expect(main.get_by_role("table", name="Open escalations")).to_have_count(0)

    # The sales leader, once Q2 is published: the change, their own overdue escalation, and
    # the report across both waves with its PDF.
    publish(q2, people)
    main = _executive_view(page, live_server, SALES_LEADER)
    expect(main).to_contain_text("from version 1 of the Q2 2025 report")
    expect(main.locator(".changes")).to_contain_text(CHANGE_AFTER)
    escalations = main.get_by_role("table", name="Open escalations")
    expect(escalations).to_contain_text("Severe dissatisfaction or churn risk")
    expect(escalations).to_contain_text("overdue")
    main.get_by_role("link", name="The report across waves").click()
    expect(page.get_by_text("Win-loss across waves: Q2 2025")).to_be_visible()
    waves = page.get_by_role("table").first
    expect(waves).to_contain_text("Q1 2025")
    expect(waves).to_contain_text("Q2 2025")
    expect(page.locator(".report-preview .changes")).to_contain_text(CHANGE_BEFORE)
    chart = page.get_by_role("img", name="The top drivers across waves")
    expect(chart).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    screenshot(page, "report-across-waves")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read().startswith(b"%PDF")
