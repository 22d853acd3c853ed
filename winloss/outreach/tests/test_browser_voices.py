"""The coordinator adds another voice to a deal in a real browser, and finds it in the
invitation batch."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.demo.content import COORDINATOR_EMAIL, PASSWORD
from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.programs.tests.test_browser_navigation import (
    demo_program_owner,
    open_program,
)

pytestmark = pytest.mark.browser


def test_coordinator_adds_procurement_as_another_voice_and_invites_them(browser_page, live_server):
    page = browser_page
    program = demo_program_owner().program
    booked = (
        Appointment.objects.filter(program=program, status=AppointmentStatus.SCHEDULED)
        .select_related("entry__deal")
        .order_by("starts_at")
        .first()
    )
    log_in(page, live_server, COORDINATOR_EMAIL, PASSWORD)
    open_program(page, program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Schedule").click()
    page.get_by_role("link", name=booked.entry.deal.name).first.click()
    voices = page.get_by_role("region", name="Voices on this deal")
    expect(voices.get_by_role("listitem")).to_have_count(1)
    voices.get_by_text("Add another voice").click()
    voices.get_by_label("New contact's name").fill("Pat Okafor")
    voices.get_by_label("Their email").fill("pat@buyer.example")
    voices.get_by_label("Their role in the decision").select_option(label="Procurement")
    voices.get_by_role("button", name="Add this voice").click()

    expect(page.get_by_role("status")).to_contain_text("Pat Okafor is a further voice")
    voices = page.get_by_role("region", name="Voices on this deal")
    expect(voices.get_by_role("listitem")).to_have_count(2)
    expect(voices.get_by_role("listitem").nth(1)).to_contain_text("Pat Okafor · Procurement")
    expect(page.locator("dl.scope")).to_contain_text("Pat Okafor (Procurement)")

    page.get_by_role("link", name="All interviews").click()
    batch = page.get_by_role("region", name="Invitations to send")
    row = batch.get_by_role("row").filter(has_text="Pat Okafor")
    expect(row).to_contain_text("further voice: Procurement")
    for box in batch.get_by_role("checkbox").all():
        box.uncheck()
    row.get_by_role("checkbox").check()
    batch.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("1 invitations are on their way")
    voice = Appointment.objects.get(entry=booked.entry, contact__name="Pat Okafor")
    assert voice.status == AppointmentStatus.INVITED
