"""Calendar events (.ics, RFC 5545 through icalendar): one event per interview, whose SEQUENCE
goes up on every reschedule so calendars update it, and which a cancel removes.

One function builds the event (``event_for``): the invitation emailed to the buyer and the
interviewer's private feed both carry it, so a calendar holding both sees one interview. The
feed's copy says less: its address can leak, so it names the deal (which the interviewer
sees on their schedule anyway) and nothing about the buyer — no name, email, phone or place.
"""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Appointment

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//winloss//interview scheduling//EN"


def event_for(appointment: Appointment, *, cancelled: bool = False, feed: bool = False) -> "Event":
    """The interview's event: for the buyer's invitation, or (``feed``) for the interviewer's
    private feed, with the same UID and SEQUENCE."""
    # Imported here: the outreach services load this module at every start, and only an
    # invitation or a feed needs icalendar.
    from icalendar import Event, vCalAddress, vText

    event = Event()
    event.add("uid", appointment.ics_uid)
    event.add("sequence", appointment.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    how = appointment.get_format_display().lower() or "format to confirm"
    if feed:
        event.add("summary", f"Win-loss interview: {appointment.entry.deal}")
        page = settings.SITE_URL + reverse(
            "outreach:appointment",
            kwargs={
                "ws": appointment.workspace.slug,
                "program_id": appointment.program_id,
                "entry_id": appointment.entry_id,
            },
        )
        event.add(
            "description",
            f"{appointment.duration_minutes} minutes, {how}, for {appointment.program}. "
            f"Where to meet and who you speak to are on the interview's page: {page}",
        )
        event.add("url", page)
        return event
    event.add("summary", f"Interview with {appointment.program.workspace.name}")
    event.add(
        "description",
        f"A {appointment.duration_minutes}-minute conversation about your decision ({how}).",
    )
    if appointment.location:
        event.add("location", appointment.location)
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText(appointment.program.workspace.name)
    event["organizer"] = organizer
    for person in _attendees(appointment):
        attendee = vCalAddress(f"mailto:{person[1]}")
        attendee.params["cn"] = vText(person[0])
        event.add("attendee", attendee, encode=False)
    return event


def ics_for(appointment: Appointment, *, cancelled: bool = False) -> bytes:
    """The invitation attached to the buyer's email: a request, or the cancel of one."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(event_for(appointment, cancelled=cancelled))
    return calendar.to_ical()


def feed_ics(name: str, events: Iterable[tuple[Appointment, bool]]) -> bytes:
    """A subscribed calendar of (appointment, cancelled) events: no METHOD, it is published."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    # Calendar apps poll a subscription at their own pace; this asks for about hourly.
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for appointment, cancelled in events:
        calendar.add_component(event_for(appointment, cancelled=cancelled, feed=True))
    return calendar.to_ical()


def _attendees(appointment: Appointment) -> list[tuple[str, str]]:
    people = []
    if appointment.contact and appointment.contact.email:
        people.append((appointment.contact.name, appointment.contact.email))
    if appointment.interviewer:
        people.append((str(appointment.interviewer), appointment.interviewer.email))
    return people


def _address(value: str) -> str:
    return value.split("<")[-1].rstrip(">").strip()
