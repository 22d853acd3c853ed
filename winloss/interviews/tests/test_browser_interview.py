"""The interview screen never loses a word: offline typing, a closed tab, a second editor."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.interviews import services
from winloss.interviews.models import Note
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _url(interview) -> str:
    return (
        f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/{interview.pk}/"
    )


def _saved_quote(interview) -> str:
    note = Note.objects.filter(interview=interview, kind="quote").first()
    return note.text if note else ""


def test_notes_survive_a_dropped_connection_and_a_closed_tab(
    browser_page, live_server, interview, interviewer, chromium, page_problems
):
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview))
    quote = page.get_by_label("Verbatim quote")
    quote.fill("We went with VectorSol because")
    expect(page.get_by_role("status")).to_have_text("All changes saved")
    expect(page.locator(".note-quote .mentions")).to_contain_text("Competitor: Vector Solutions")
    assert _saved_quote(interview) == "We went with VectorSol because"
    screenshot(page, "interview-screen")

    context = page.context
    context.set_offline(True)
    quote.press("End")
    quote.press_sequentially(" their list price was $40k lower.")
    expect(page.get_by_role("status")).to_contain_text("Offline")
    page.close()  # mid-save: the tab goes while the server has not heard the last words
    # The failed save while offline is the point of this test, not a problem of the page.
    page_problems[:] = [p for p in page_problems if "ERR_INTERNET_DISCONNECTED" not in p]

    context.set_offline(False)
    reopened = context.new_page()
    reopened.goto(f"{live_server.url}{_url(interview)}")
    full = "We went with VectorSol because their list price was $40k lower."
    expect(reopened.get_by_label("Verbatim quote")).to_have_value(full)
    expect(reopened.get_by_role("status")).to_have_text("All changes saved")
    assert _saved_quote(interview) == full

    # A second person edits the same note in their own browser, from the same saved version.
    other = chromium.new_context(base_url=live_server.url)
    second = other.new_page()
    log_in(second, live_server, interviewer.email, PASSWORD)
    second.goto(_url(interview))
    reopened.get_by_label("Verbatim quote").fill(full + " And the CFO trusted them.")
    expect(reopened.get_by_role("status")).to_have_text("All changes saved")
    second.get_by_label("Verbatim quote").fill("A different account of it.")
    conflict = second.locator(".note-quote .conflict-view")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("And the CFO trusted them.")
    expect(conflict).to_contain_text("A different account of it.")
    assert _saved_quote(interview).endswith("And the CFO trusted them.")  # nothing overwritten
    screenshot(second, "interview-conflict")
    second.get_by_role("button", name="Keep mine").click()
    expect(second.get_by_role("status")).to_have_text("All changes saved")
    assert _saved_quote(interview) == "A different account of it."
    other.close()
