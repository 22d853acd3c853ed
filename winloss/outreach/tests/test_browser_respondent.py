"""A respondent books through their link in a real browser; the interviewer sees the consent."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser


def test_respondent_picks_a_slot_allows_notes_but_not_recording(
    browser_page, live_server, appointment, open_window, interviewer
):
    page = browser_page
    url = f"/r/{links.token_for(links.new_link(appointment, LinkPurpose.SCHEDULE))}/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("would value your view")
    page.get_by_role("radio").first.check()
    page.get_by_label("Video call").check()
    notes = page.get_by_label("The interviewer may take notes of what I say")
    expect(notes).not_to_be_checked()  # consent is never pre-given
    expect(page.get_by_label("Quotes only without my name or company")).not_to_be_checked()
    notes.check()
    page.get_by_label("The call may be recorded").uncheck()
    page.get_by_label("Quotes only without my name or company").check()
    screenshot(page, "respondent-booking")
    page.get_by_role("button", name="Book the interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your interview is booked")

    page.goto(url)
    expect(page.get_by_role("alert")).to_contain_text("has been used already")

    log_in(page, live_server, interviewer.email, PASSWORD)
    program = appointment.program
    page.goto(f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/{appointment.entry_id}/")
    consent = page.get_by_role("list", name="Consent given")
    expect(consent).to_contain_text("Notes: allowed")
    expect(consent).to_contain_text("Recording: not allowed")
    expect(consent).to_contain_text("Quotes only without my name or company")
    screenshot(page, "appointment-consent")
