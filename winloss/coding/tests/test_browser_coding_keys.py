"""The coding screen's keys: Enter saves from the competitor list, an abandoned competitor is
not carried to the next passage, and J moves to the next passage not coded yet."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.coding.models import CodedExcerpt
from winloss.coding.queries import codebook_for
from winloss.coding.services import code_excerpt
from winloss.testing import PASSWORD, make_competitor, make_interview

pytestmark = pytest.mark.browser


@pytest.fixture
def competitor(workspace):
    return make_competitor(workspace, name="Vector Solutions")


def _passage(page, note):
    return page.locator(f'.passage[data-passage="note-{note.pk}"]')


def test_enter_on_the_competitor_list_saves_the_code(
    browser_page, live_server, interview, analyst, coding_url, competitor
):
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(coding_url)
    note = interview.notes.order_by("question__position")[1]
    _passage(page, note).focus()
    page.keyboard.press("c")
    page.keyboard.press("2")
    page.keyboard.press("l")
    form = page.locator("#code-form")
    form.get_by_label("Competitor (optional)").select_option(label="Vector Solutions")
    form.get_by_label("Competitor (optional)").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(f"#note-{note.pk} .codes")).to_contain_text("Vector Solutions")
    assert CodedExcerpt.objects.get().competitor == competitor


def test_an_abandoned_competitor_does_not_carry_over_to_the_next_passage(
    browser_page, live_server, interview, analyst, coding_url, competitor
):
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(coding_url)
    first, second = interview.notes.order_by("question__position")[:2]
    form = page.locator("#code-form")
    _passage(page, first).focus()
    page.keyboard.press("c")
    form.get_by_label("Competitor (optional)").select_option(label="Vector Solutions")
    page.keyboard.press("Escape")
    expect(form).to_be_hidden()

    _passage(page, second).focus()
    page.keyboard.press("c")
    expect(form).to_be_visible()
    competitor_box = form.get_by_label("Competitor (optional)")
    expect(competitor_box.locator("option:checked")).to_have_text("None")
    page.keyboard.press("1")
    page.keyboard.press("n")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    excerpt = CodedExcerpt.objects.get()
    assert excerpt.competitor is None and excerpt.text == second.text


def test_j_and_k_move_between_the_passages_not_coded_yet(
    browser_page, live_server, program, analyst
):
    interview = make_interview(program, [f"Passage number {n} said something." for n in range(8)])
    notes = list(interview.notes.order_by("question__position"))
    theme = codebook_for(program.workspace)[0]
    for note in notes[1:6]:  # passages 2 to 6 are already coded
        code_excerpt(
            interview=interview,
            passage_key=f"note-{note.pk}",
            start=0,
            end=len(note.text),
            theme=theme,
            direction="neutral",
            user=analyst,
        )
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(f"/w/{interview.workspace.slug}/programs/{program.pk}/code/{interview.pk}/")
    page.keyboard.press("j")
    expect(_passage(page, notes[0])).to_be_focused()
    page.keyboard.press("j")
    expect(_passage(page, notes[6])).to_be_focused()  # the coded ones in between are skipped
    page.keyboard.press("j")
    expect(_passage(page, notes[7])).to_be_focused()
    page.keyboard.press("k")
    expect(_passage(page, notes[6])).to_be_focused()
    page.keyboard.press("c")
    expect(page.locator("#code-form [data-selected]")).to_have_text(f"“{notes[6].text}”")
