"""The program owner prepares the guide in a real browser: the linter answers while they type
(htmx under the strict CSP), findings are waived, and the preview shows the interviewer's view."""

import re

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.programs.tests.test_browser_navigation import (
    demo_program_owner,
    open_program,
)

pytestmark = pytest.mark.browser
FLAWED = "Did our award-winning support help you decide?"


def test_owner_writes_a_question_sees_findings_live_waives_them_and_previews(
    browser_page, live_server
):
    page = browser_page
    owner = demo_program_owner()
    log_in(page, live_server, owner.email, owner.password)
    open_program(page, owner.program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Guide").click()
    # The demo's active wave has an approved guide: editing it starts the next draft.
    start = page.get_by_role("button", name="Start the guide from the question bank")
    revise = page.get_by_role("button", name=re.compile(r"^Edit the guide \(starts draft"))
    if start.count():
        start.click()
    elif revise.count():
        revise.click()
    expect(page.get_by_role("heading", level=3, name="Every interview")).to_be_visible()

    lost = page.locator("#section-lost")
    lost.get_by_text("Add a question to").click()
    lost.get_by_label("New question").fill(FLAWED)
    live = lost.locator("#lint-new-lost")
    expect(live).to_contain_text("Praise")
    expect(live.locator(".marked-text mark")).to_have_text("Did our award-winning")
    lost.get_by_role("button", name="Add question").click()
    expect(page.get_by_role("status").first).to_contain_text("The linter has 2 findings on it")

    question = page.locator(".guide-question", has_text=FLAWED)
    question.get_by_text("Waive this finding").first.click()
    question.get_by_label("Why the question may stay as it is").first.fill(
        "A quick factual check; the open follow-up comes next."
    )
    question.get_by_role("button", name="Waive").first.click()
    question = page.locator(".guide-question", has_text=FLAWED)
    expect(question.locator(".finding-waived")).to_have_count(1)
    question.get_by_text("Edit", exact=True).click()
    question.get_by_label("Wording").fill(FLAWED.replace("Did", "Was"))
    expect(question.locator(".lint-live")).to_contain_text("Closed")
    question.scroll_into_view_if_needed()
    screenshot(page, "guide-editor")

    page.get_by_role("link", name="Preview as the interviewer").click()
    page.get_by_role("navigation", name="Outcome").get_by_role(
        "link", name="Lost to competitor"
    ).click()
    expect(page.get_by_text(FLAWED)).to_be_visible()
    expect(page.get_by_role("heading", level=4, name="Lost to competitor")).to_be_visible()
    screenshot(page, "guide-preview")
