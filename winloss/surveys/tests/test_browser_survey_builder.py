"""The program owner builds the buyer survey in a real browser: the linter answers while they
type, a flawed question blocks approval until it is fixed, and the preview shows a lost buyer
the wording meant for them."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.programs.tests.test_browser_navigation import (
    open_program,
    program_owner_with_a_program,
)

pytestmark = pytest.mark.browser
FLAWED = "Did our award-winning team answer your questions?"
FIXED = "How did our team answer your questions?"


def test_owner_builds_fixes_approves_and_previews_the_survey_as_a_lost_buyer(
    browser_page, live_server
):
    page = browser_page
    owner = program_owner_with_a_program()
    log_in(page, live_server, owner.email, owner.password)
    open_program(page, owner.program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Survey").click()
    expect(
        page.get_by_role("heading", level=2, name="Step 3: Prepare the buyer survey")
    ).to_be_visible()
    page.get_by_role("button", name="Start the survey from the question bank").click()
    expect(page.get_by_role("status").first).to_contain_text("Survey started with 5 questions")

    question = page.locator(".guide-question", has_text="What else should we know")
    question.locator("summary", has_text="Edit").click()
    question.get_by_label("Wording").fill(FLAWED)
    expect(question.locator(".lint-live")).to_contain_text("Praise")  # live, while typing
    question.get_by_role("button", name="Save question").click()
    expect(page.get_by_role("status").first).to_contain_text("The linter has 2 findings on it")
    expect(page.get_by_text("2 linter findings open.")).to_be_visible()
    expect(page.get_by_role("button", name="Approve version 1")).to_be_disabled()
    screenshot(page, "survey-builder")

    question = page.locator(".guide-question", has_text=FLAWED)
    question.locator("summary", has_text="Edit").click()
    question.get_by_label("Wording").fill(FIXED)
    expect(question.locator(".lint-live")).to_contain_text("No findings")
    question.get_by_role("button", name="Save question").click()
    expect(page.get_by_text("No open linter findings.")).to_be_visible()
    page.get_by_role("button", name="Approve version 1").click()
    expect(page.get_by_role("status").first).to_contain_text("Version 1 approved")
    expect(page.get_by_text("This version is approved and can no longer change")).to_be_visible()

    page.get_by_role("link", name="Preview as a buyer").click()
    page.get_by_role("navigation", name="Outcome").get_by_role(
        "link", name="Lost to competitor"
    ).click()
    preview = page.locator(".survey-preview")
    expect(
        preview.get_by_text("Which one of these was the main reason you chose another option?")
    ).to_be_visible()
    expect(
        preview.get_by_role("columnheader", name="How the option you chose performed")
    ).to_be_visible()
    expect(preview.get_by_text(FIXED)).to_be_visible()
    expect(preview.get_by_text(FLAWED)).to_have_count(0)
    screenshot(page, "survey-preview-lost")
