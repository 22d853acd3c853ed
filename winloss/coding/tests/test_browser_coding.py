"""Coding a passage with the keyboard alone, and finding the excerpt under its theme."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.coding.models import CodedExcerpt
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser

SELECT = """([key, words]) => {
  const passage = document.querySelector(`.passage[data-passage="${key}"]`);
  const node = passage.firstChild;
  const start = node.textContent.indexOf(words);
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, start + words.length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  passage.focus();
}"""


def test_a_passage_is_coded_with_the_keyboard_and_listed_under_its_theme(
    browser_page, live_server, interview, analyst, coding_url
):
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(coding_url)
    form = page.locator("#code-form")
    expect(form).to_be_hidden()
    note = interview.notes.order_by("question__position")[1]
    page.evaluate(SELECT, [f"note-{note.pk}", "thirty percent lower"])
    page.keyboard.press("c")
    expect(form).to_be_visible()
    expect(form.locator("[data-selected]")).to_have_text("“thirty percent lower”")
    page.keyboard.press("2")  # the second theme: pricing and commercial terms
    page.keyboard.press("l")
    expect(form.get_by_label("Pricing and commercial terms")).to_be_checked()
    expect(form.get_by_label("Loss driver")).to_be_checked()
    screenshot(page, "coding-screen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(f"#note-{note.pk} .codes")).to_contain_text("Pricing and commercial terms")
    expect(page.locator(".escalation-hint")).to_contain_text("Suggested escalation")
    screenshot(page, "coding-coded")

    excerpt = CodedExcerpt.objects.get()
    assert excerpt.text == "thirty percent lower" and excerpt.direction == "loss_driver"
    assert note.text[excerpt.start : excerpt.end] == "thirty percent lower"

    page.get_by_role("link", name="Code", exact=True).first.click()
    page.get_by_role("link", name="Pricing and commercial terms").click()
    row = page.locator("table.excerpts tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("“thirty percent lower”")
    expect(row).to_contain_text("Loss driver")
    expect(page.locator(".direction-counts")).to_contain_text("Loss driver: 1")


def test_a_whole_passage_is_coded_from_the_keyboard_without_a_selection(
    browser_page, live_server, interview, analyst, coding_url
):
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(coding_url)
    note = interview.notes.order_by("question__position")[0]
    page.locator(f'.passage[data-passage="note-{note.pk}"]').focus()
    page.keyboard.press("c")
    page.keyboard.press("1")
    page.keyboard.press("w")
    page.keyboard.press("Escape")
    expect(page.locator("#code-form")).to_be_hidden()
    page.keyboard.press("Enter")  # the passage still has focus: open again
    page.keyboard.press("1")
    page.keyboard.press("n")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    excerpt = CodedExcerpt.objects.get()
    assert (excerpt.text, excerpt.direction) == (note.text, "neutral")
