"""The program says so when its window or sample reaches deals that closed long ago."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import PASSWORD, make_account, make_deal, make_program

pytestmark = pytest.mark.browser


def test_old_deals_are_flagged_on_the_scope_form_the_sample_and_the_health_card(
    browser_page, live_server, workspace, people
):
    # Deals closed in Q1 2025, long before today: not what the SOP calls recent.
    program = make_program(workspace, name="Q1 2025 wins and losses")
    make_deal(workspace, account=make_account(workspace), name="Initech renewal")
    draw_sample(program, settings=DrawSettings(size=1, seed=1))
    page = browser_page
    log_in(page, live_server, people["owner"].email, PASSWORD)

    page.goto(f"/w/acme/programs/{program.pk}/")
    expect(page.locator(".health-summary")).to_contain_text(
        "1 deal in the sample closed more than 90 days ago"
    )
    page.goto(f"/w/acme/programs/{program.pk}/sample/")
    expect(page.locator(".recency-warning")).to_contain_text(
        "1 deal in the sample closed more than 90 days ago"
    )
    page.goto(f"/w/acme/programs/{program.pk}/scope/edit/")
    warning = page.locator(".recency-warning")
    expect(warning).to_contain_text("The time window lies wholly before the last 90 days")

    # The owner decides what recent means for this program: the warning goes.
    page.get_by_label("Recent means closed within (days)").fill("5000")
    page.get_by_role("button", name="Save scope").click()
    expect(page.locator(".scope")).to_contain_text("within the last 5000 days")
    expect(page.locator(".recency-warning")).to_have_count(0)
