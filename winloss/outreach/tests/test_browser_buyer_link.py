"""The coordinator copies the buyer's link for a LinkedIn message, then re-issues it."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser


def test_the_coordinator_copies_the_link_and_a_reissue_retires_the_old_one(
    browser_page, live_server, people, appointment, open_window, settings
):
    settings.SITE_URL = live_server.url
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    emailed = links.new_link(appointment, LinkPurpose.SCHEDULE)
    log_in(page, live_server, people["coordinator"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{appointment.program_id}/schedule/{appointment.entry_id}/")
    section = page.get_by_role("region", name="The buyer's link")
    field = section.get_by_role("textbox", name="The buyer's link")
    old_url = field.input_value()
    assert old_url.startswith(f"{live_server.url}/r/")
    # In the coordinator's zone (the workspace's, UTC here), named beside it.
    expect(section).to_contain_text(f"Works until {emailed.expires_at:%A %-d %B %Y, %H:%M} (UTC)")
    section.get_by_role("button", name="Copy").click()
    expect(section.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == old_url
    screenshot(page, "buyer-link")

    section.get_by_role("button", name="Re-issue the link").click()
    expect(page.get_by_role("status")).to_contain_text("New link ready below")
    new_url = page.get_by_role("textbox", name="The buyer's link").input_value()
    assert new_url != old_url

    page.goto(old_url)
    expect(page.get_by_role("alert")).to_contain_text("replaced by a newer one")
    page.goto(new_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("would value your view")
