"""The coordinator works the demo's sample in a real browser: a refusal, its replacement, and
program health with its charts."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.demo.content import PASSWORD
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.programs.tests.test_browser_navigation import (
    demo_program_owner,
    open_program,
)

pytestmark = pytest.mark.browser
COORDINATOR = "coordinator@demo.winloss.example"


def test_coordinator_records_a_decline_and_accepts_the_proposed_replacement(
    browser_page, live_server
):
    page = browser_page
    program = demo_program_owner().program
    log_in(page, live_server, COORDINATOR, PASSWORD)
    open_program(page, program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Sample").click()
    expect(page.get_by_role("heading", level=3, name="The sample")).to_be_visible()
    screenshot(page, "sample")

    entry = SampleEntry.objects.filter(program=program, status=EntryStatus.SELECTED).first()
    row = page.locator(f"#entry-{entry.pk}")
    row.get_by_text("Declined or unreachable").click()
    row.get_by_label("Refusal reason").fill("Procurement forbids vendor interviews")
    row.get_by_role("button", name="Record and propose a replacement").click()
    expect(page.get_by_role("status")).to_contain_text("Proposed replacement from the same stratum")

    proposal = SampleEntry.objects.get(replaces=entry)
    proposed_row = page.locator(f"#entry-{proposal.pk}")
    expect(proposed_row).to_contain_text("Replacement proposed")
    expect(proposed_row).to_contain_text("Procurement forbids vendor interviews")
    proposed_row.get_by_role("button", name="Accept replacement").click()
    expect(page.get_by_role("status")).to_contain_text("is in the sample")
    expect(page.locator(f"#entry-{proposal.pk}")).to_contain_text("Selected")

    page.get_by_role("link", name="Program health").click()
    expect(page.get_by_role("heading", level=2, name="Program health")).to_be_visible()
    chart = page.get_by_role("img", name="Coverage by region", exact=False)
    chart.scroll_into_view_if_needed()
    # The chart is a real SVG served by winloss: it must load with a size, not break.
    expect(chart).to_have_js_property("complete", True)
    assert chart.evaluate("img => img.naturalWidth") > 0
    screenshot(page, "program-health")
