"""The times a respondent can pick: the interviewer's availability, less what is booked and
less the busy times read from their own calendar (``calendars.py``)."""

import datetime as dt

from django.utils import timezone

from .models import Appointment, AppointmentStatus, Availability, BusyTime

NOTICE = dt.timedelta(hours=12)  # nobody is offered a slot starting within the next 12 hours
HORIZON = dt.timedelta(days=28)


def open_slots(appointment: Appointment, *, now: dt.datetime | None = None) -> list[dt.datetime]:
    """Start times (UTC) of free slots of the appointment's length, in the next four weeks."""
    if appointment.interviewer_id is None:
        return []
    now = now or timezone.now()
    length = dt.timedelta(minutes=appointment.duration_minutes)
    windows = Availability.objects.filter(
        interviewer_id=appointment.interviewer_id,
        ends_at__gt=now + NOTICE,
        starts_at__lt=now + HORIZON,
    ).order_by("starts_at")
    booked: list[tuple[dt.datetime, dt.datetime]] = []
    for other in Appointment.objects.filter(
        interviewer_id=appointment.interviewer_id,
        status=AppointmentStatus.SCHEDULED,
        starts_at__lt=now + HORIZON + length,
    ).exclude(pk=appointment.pk):
        # Always both, for a scheduled one (a constraint): the check narrows the types.
        if other.starts_at is not None and other.ends_at is not None:
            booked.append((other.starts_at, other.ends_at))
    # Busy in any workspace's calendar is busy: a person has one day, like their bookings.
    booked += BusyTime.objects.filter(
        calendar__interviewer_id=appointment.interviewer_id,
        ends_at__gt=now + NOTICE,
        starts_at__lt=now + HORIZON + length,
    ).values_list("starts_at", "ends_at")
    slots: list[dt.datetime] = []
    for window in windows:
        start = window.starts_at
        while start + length <= window.ends_at:
            end = start + length
            if start >= now + NOTICE and not any(b0 < end and start < b1 for b0, b1 in booked):
                slots.append(start)
            start = end
    return sorted(set(slots))


def is_open(appointment: Appointment, start: dt.datetime) -> bool:
    return start in open_slots(appointment)
