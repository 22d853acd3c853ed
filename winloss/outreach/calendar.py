"""Calendar invitations (.ics, RFC 5545 through icalendar): one event per interview, whose
SEQUENCE goes up on every reschedule so calendars update it, and which a cancel removes."""

from django.conf import settings
from django.utils import timezone

from .models import Appointment


def ics_for(appointment: Appointment, *, cancelled: bool = False) -> bytes:
    # Imported here: the outreach services load this module at every start, and an email
    # with an invitation is the only thing that needs icalendar.
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", "-//winloss//interview scheduling//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", appointment.ics_uid)
    event.add("sequence", appointment.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("summary", f"Interview with {appointment.program.workspace.name}")
    event.add(
        "description",
        f"A {appointment.duration_minutes}-minute conversation about your decision "
        f"({appointment.get_format_display().lower() or 'format to confirm'}).",
    )
    if appointment.location:
        event.add("location", appointment.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_address(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = vText(appointment.program.workspace.name)
    event["organizer"] = organizer
    for person in _attendees(appointment):
        attendee = vCalAddress(f"mailto:{person[1]}")
        attendee.params["cn"] = vText(person[0])
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
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
