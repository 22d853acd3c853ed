"""The demo's coordinator works SOP step 4 in a real browser: the batch preview, sending the
invitations, an interview booked by phone with its consent, and the email wording."""

import pytest
from playwright.sync_api import expect

from winloss.accounts.models import User
from winloss.browser import log_in, screenshot
from winloss.demo.content import COORDINATOR_EMAIL, PASSWORD
from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.programs.sampling.services import accept_replacement
from winloss.programs.tests.test_browser_navigation import (
    demo_program_owner,
    open_program,
)

pytestmark = pytest.mark.browser


def test_coordinator_previews_the_batch_sends_it_and_opens_a_booked_interview(
    browser_page, live_server
):
    page = browser_page
    program = demo_program_owner().program
    # The demo invited its whole sample; a replacement accepted since is the one left to invite.
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    proposal = SampleEntry.objects.filter(program=program, status=EntryStatus.PROPOSED).first()
    accept_replacement(proposal, user=coordinator, expected_version=proposal.version)
    proposal.refresh_from_db()

    log_in(page, live_server, COORDINATOR_EMAIL, PASSWORD)
    open_program(page, program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Schedule").click()
    page.get_by_role("navigation", name="Interviews by status").get_by_role(
        "link", name="Scheduled:"
    ).click()
    expect(page.locator("tbody").first.get_by_role("row")).to_have_count(2)
    batch = page.get_by_role("region", name="Invitations to send")
    expect(batch.get_by_role("checkbox")).to_have_count(1)
    expect(batch).to_contain_text(proposal.contact.name)
    expect(batch).to_contain_text("already invited or further along")
    screenshot(page, "schedule")
    batch.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("1 invitations are on their way")
    assert Appointment.objects.get(entry=proposal).status == AppointmentStatus.INVITED

    booked = (
        Appointment.objects.filter(program=program, status=AppointmentStatus.SCHEDULED)
        .select_related("entry__deal")
        .order_by("starts_at")
        .first()
    )
    page.get_by_role("link", name=booked.entry.deal.name).click()
    expect(page.get_by_role("heading", level=2, name=booked.entry.deal.name)).to_be_visible()
    consent = page.get_by_role("list", name="Consent given")
    expect(consent).to_contain_text("Recording: allowed")
    expect(page.get_by_text("by phone, for the respondent")).to_be_visible()
    screenshot(page, "schedule-appointment")

    page.get_by_role("link", name="All interviews").click()
    page.get_by_role("link", name="Email templates").first.click()
    reminder = page.locator("#template-reminder")
    reminder.get_by_label("Subject").fill("Still keen to hear from you, {respondent}")
    reminder.get_by_role("button", name="Save the reminder message").click()
    expect(page.get_by_role("status")).to_contain_text("The reminder message is saved")
    expect(page.locator("#template-reminder figure")).to_contain_text("Still keen to hear from")
    screenshot(page, "schedule-templates")
