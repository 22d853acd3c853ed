"""A memo written from the coding screen saves itself as it is typed, reads back after a
reload, and a colleague's newer version is shown beside yours instead of being overwritten."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.coding.models import Memo
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser

WORDS = (
    "Both losses name the **SSO** claim.\n\n"
    "- the rep said it was supported\n- the buyer found out in the trial\n\n"
    "Code these as *sales process quality*, not product fit.\n\n"
    "| Deal | Said |\n|:-|-:|\n| Acme | SSO |"
)


def test_a_memo_is_written_saved_as_typed_and_found_after_a_reload(
    browser_page, live_server, interview, analyst, coding_url
):
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(coding_url)
    memos = page.locator(".memos-here")
    expect(memos).to_contain_text("No memos yet.")
    memos.get_by_role("link", name="Write a memo").click()
    page.get_by_label("Title").fill("The SSO claim")
    page.get_by_label("Text").fill("Both losses name the SSO claim.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the memo").click()
    expect(page.locator("#memo-title")).to_have_text("The SSO claim")
    status = page.locator("#save-state")
    expect(status).to_have_text("All changes saved")

    page.get_by_label("Text").fill(WORDS)
    expect(status).to_have_text("All changes saved")
    preview = page.locator("#memo-preview")
    expect(preview.locator("strong")).to_have_text("SSO")
    expect(preview.locator("li")).to_have_count(2)
    expect(preview.locator("td.align-right")).to_have_text("SSO")  # no inline style (CSP)
    memo = Memo.objects.get()
    assert (memo.text, memo.version, memo.about) == (WORDS, 2, "interview")
    screenshot(page, "memo-editor")

    page.reload()
    expect(page.get_by_label("Text")).to_have_value(WORDS)
    expect(page.locator("#memo-preview em")).to_have_text("sales process quality")
    expect(status).to_have_text("All changes saved")
    page.get_by_text("Every version (2)").click()
    expect(page.locator(".memo-history")).to_contain_text(f"Version 2 · {analyst}")

    page.get_by_role("link", name="Memos", exact=True).click()
    expect(page.locator("table.memos")).to_contain_text("The SSO claim")
    page.get_by_label("Search").fill("sales process")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.locator("table.memos tbody tr")).to_have_count(1)
    screenshot(page, "memo-list")


def test_a_colleagues_newer_version_is_shown_beside_yours(
    browser_page, live_server, chromium, interview, analyst, people, program, page_problems
):
    from winloss.coding.memos.services import write_memo

    memo = write_memo(program=program, about="program", title="Sampling", text="Enough wins.",
                      user=analyst)  # fmt: skip
    url = f"/w/acme/programs/{program.pk}/memos/{memo.pk}/"
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(url)

    other = chromium.new_context(base_url=live_server.url)
    second = other.new_page()
    log_in(second, live_server, people[Role.OWNER].email, PASSWORD)
    second.goto(url)
    second.get_by_label("Text").fill("Enough wins, too few losses.")
    expect(second.locator("#save-state")).to_have_text("All changes saved")

    page.get_by_label("Text").fill("Enough wins; the losses are thin.")
    conflict = page.locator(".conflict-view")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Enough wins, too few losses.")
    expect(conflict).to_contain_text("Enough wins; the losses are thin.")
    assert Memo.objects.get().text == "Enough wins, too few losses."  # nothing overwritten
    # The server's 409 for the stale save is the point of this test, not a problem of the page.
    page_problems[:] = [p for p in page_problems if not p.startswith("HTTP 409")]
    screenshot(page, "memo-conflict")
    page.get_by_role("button", name="Keep mine").click()
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    memo.refresh_from_db()
    assert (memo.text, memo.version, memo.updated_by) == (
        "Enough wins; the losses are thin.", 3, analyst
    )  # fmt: skip
    other.close()
