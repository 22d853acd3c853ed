"""A buyer books and moves an interview in a real browser set to their own time zone.

The clock stands at 10 March 2027, so the four weeks a buyer can pick from hold both DST
switches (the US on 14 March, Europe on 28 March). Every time the buyer reads — the slot
labels, the booked page, the moved page, the manage page — is checked as shown, against hand-
worked local times, and against the email and the .ics the buyer receives.
"""

import datetime as dt
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from winloss.browser import screenshot
from winloss.outreach import links
from winloss.outreach.models import Availability, LinkPurpose

pytestmark = pytest.mark.browser

NOW = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)
# Availability in UTC: one hour each, so two 30-minute slots a day.
WINDOWS = [
    dt.datetime(2027, 3, 12, 15, 0, tzinfo=dt.UTC),  # before any switch
    dt.datetime(2027, 3, 16, 14, 30, tzinfo=dt.UTC),  # after the US switch
    dt.datetime(2027, 3, 30, 13, 0, tzinfo=dt.UTC),  # after the European switch
]
# What a buyer in each zone must read, worked out by hand from the offsets.
ZONES = {
    "America/New_York": {  # UTC−5, then −4 from 14 March
        "Friday 12 March": ["10:00", "10:30"],
        "Tuesday 16 March": ["10:30", "11:00"],
        "Tuesday 30 March": ["09:00", "09:30"],
    },
    "Europe/Berlin": {  # UTC+1, then +2 from 28 March
        "Friday 12 March": ["16:00", "16:30"],
        "Tuesday 16 March": ["15:30", "16:00"],
        "Tuesday 30 March": ["15:00", "15:30"],
    },
    "Asia/Kolkata": {  # UTC+5:30, no DST
        "Friday 12 March": ["20:30", "21:00"],
        "Tuesday 16 March": ["20:00", "20:30"],
        "Tuesday 30 March": ["18:30", "19:00"],
    },
    "America/St_Johns": {  # UTC−3:30, then −2:30 from 14 March
        "Friday 12 March": ["11:30", "12:00"],
        "Tuesday 16 March": ["12:00", "12:30"],
        "Tuesday 30 March": ["10:30", "11:00"],
    },
}


@pytest.fixture
def windows(workspace, interviewer, travel, settings, live_server):
    travel(NOW)
    settings.SITE_URL = live_server.url
    for start in WINDOWS:
        Availability.objects.create(
            workspace=workspace,
            interviewer=interviewer,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )


def _slots_shown(page) -> dict[str, list[str]]:
    shown = {}
    for day in page.locator(".slot-day").all():
        legend = day.locator("legend").inner_text().strip()
        shown[legend] = [t.strip() for t in day.locator("label").all_inner_texts()]
    return shown


def _link_in(message) -> str:
    return re.search(r"https?://\S+/r/\S+/", message.get_body(("plain",)).get_content())[0]


def _ics_start(message) -> dt.datetime:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
            return event.decoded("dtstart")
    raise AssertionError("No calendar invitation attached")


@pytest.mark.parametrize("browser_timezone", list(ZONES))
def test_buyer_reads_every_time_in_their_own_zone_before_and_after_a_dst_switch(
    browser_page, live_server, appointment, windows, smtp_server, browser_timezone
):
    page, zone, expected = browser_page, browser_timezone, ZONES[browser_timezone]
    page.goto(f"/r/{links.token_for(links.new_link(appointment, LinkPurpose.SCHEDULE))}/")
    # The page takes the browser's zone and says so.
    expect(page.locator("#tz")).to_have_value(zone)
    assert _slots_shown(page) == expected

    # Book the second slot of 16 March, as the buyer reads it.
    picked = expected["Tuesday 16 March"][1]
    page.get_by_role("group", name="Tuesday 16 March").get_by_label(picked).check()
    page.get_by_label("Video call").check()
    page.get_by_label("The interviewer may take notes of what I say").check()
    page.get_by_label("Quotes only without my name or company").check()
    screenshot(page, f"buyer-booking-{zone.replace('/', '-')}")
    page.get_by_role("button", name="Book the interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your interview is booked")
    booked = page.get_by_role("status").inner_text()
    when = f"Tuesday 16 March 2027 at {picked} ({zone})"
    assert when in booked
    assert "30 minutes, video call, with Iris Interviewer" in booked

    # The email and the .ics say the same moment.
    expect_mail = [m for m in smtp_server.messages if m["Subject"].startswith("Confirmed")]
    assert len(expect_mail) == 1
    confirmation = expect_mail[0]
    assert when in confirmation["Subject"]
    assert when in confirmation.get_body(("plain",)).get_content()
    assert _ics_start(confirmation) == WINDOWS[1] + dt.timedelta(minutes=30)

    # The manage link shows the booking in the same words, then moves it past Europe's switch.
    page.goto(_link_in(confirmation))
    expect(page.locator("#tz")).to_have_value(zone)
    assert when in page.get_by_text("Booked:").inner_text()
    later = expected["Tuesday 30 March"][0]
    page.get_by_role("group", name="Tuesday 30 March").get_by_label(later).check()
    page.get_by_role("button", name="Move the interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your interview is moved")
    moved = page.get_by_role("status").inner_text()
    when = f"Tuesday 30 March 2027 at {later} ({zone})"
    assert when in moved
    assert "()" not in moved
    assert "30 minutes, video call, with Iris Interviewer" in moved
    screenshot(page, f"buyer-moved-{zone.replace('/', '-')}")

    rescheduled = [m for m in smtp_server.messages if m["Subject"].startswith("New time")]
    assert len(rescheduled) == 1
    assert when in rescheduled[0].get_body(("plain",)).get_content()
    assert _ics_start(rescheduled[0]) == WINDOWS[2]
