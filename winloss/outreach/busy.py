"""Busy times read from an interviewer's own calendar file (RFC 5545, through icalendar).

Two kinds of file are read: a whole calendar (Google's or Outlook's "secret address in iCal
format"), whose events are busy unless marked free or cancelled, and a free/busy file
(VFREEBUSY), whose BUSY periods are. Repeating events are expanded with dateutil's rrule (which
icalendar already brings), within the weeks slots are offered in: RRULE, RDATE, EXDATE, and an
occurrence moved or cancelled on its own (RECURRENCE-ID). Dates without a time (all-day
events) and times without a zone are read in the interviewer's own time zone.

Not the ``recurring-ical-events`` package: it is LGPL-3.0 and brings a further dependency, for
the few cases above, which dateutil covers in a page.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from winloss.lib.errors import DomainError

Span = tuple[dt.datetime, dt.datetime]
MOST = 5000  # busy times kept from one file: more is not a person's calendar


class NotACalendar(DomainError):
    """The file is not an iCalendar file we can read; the message says so in plain words."""


def busy_spans(data: bytes, *, zone: ZoneInfo, start: dt.datetime, end: dt.datetime) -> list[Span]:
    """The busy times (UTC) of the calendar file ``data`` that overlap ``start``–``end``,
    overlapping ones merged."""
    from icalendar import Calendar

    if b"BEGIN:VCALENDAR" not in data[:2000].upper():
        raise NotACalendar("The address did not give an iCalendar file (BEGIN:VCALENDAR).")
    try:
        calendar = Calendar.from_ical(data)
        spans = [*_event_spans(calendar, zone, start, end), *_freebusy_spans(calendar, zone)]
    except NotACalendar:
        raise
    except Exception as error:  # icalendar and dateutil raise many kinds on a damaged file
        raise NotACalendar(f"The calendar file could not be read ({error}).") from None
    utc = dt.UTC
    kept = sorted(
        (s.astimezone(utc), e.astimezone(utc)) for s, e in spans if s < end and e > start and s < e
    )
    merged: list[Span] = []
    for s, e in kept:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    if len(merged) > MOST:
        raise NotACalendar(f"The calendar has more than {MOST} busy times in the coming weeks.")
    return merged


def _moment(value: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A DTSTART-like value as an aware datetime: a date is its midnight, a floating time is
    read in the interviewer's zone."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _is_free(event: Any) -> bool:
    return (
        str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"
        or str(event.get("STATUS", "")).upper() == "CANCELLED"
    )


def _event_spans(
    calendar: Any, zone: ZoneInfo, start: dt.datetime, end: dt.datetime
) -> Iterator[Span]:
    events = list(calendar.walk("VEVENT"))
    # Occurrences moved or cancelled on their own: left out of their series' expansion.
    moved: dict[str, set[dt.datetime]] = {}
    for event in events:
        if "RECURRENCE-ID" in event:
            original = _moment(event["RECURRENCE-ID"].dt, zone)
            moved.setdefault(str(event.get("UID", "")), set()).add(original)
    for event in events:
        if "DTSTART" not in event or _is_free(event):
            continue
        first = _moment(event["DTSTART"].dt, zone)
        length = _length(event, first, zone)
        if ("RRULE" not in event and "RDATE" not in event) or "RECURRENCE-ID" in event:
            yield first, first + length
            continue
        skip = moved.get(str(event.get("UID", "")), set())
        for occurrence in _occurrences(event, first, length, zone, start, end):
            if occurrence not in skip:
                yield occurrence, occurrence + length


def _length(event: Any, first: dt.datetime, zone: ZoneInfo) -> dt.timedelta:
    if "DTEND" in event:
        return _moment(event["DTEND"].dt, zone) - first
    if "DURATION" in event:
        return event["DURATION"].dt
    # RFC 5545: without an end, a dated event lasts the day, a timed one no time at all.
    return (
        dt.timedelta(days=1) if not isinstance(event["DTSTART"].dt, dt.datetime) else dt.timedelta()
    )


def _occurrences(
    event: Any,
    first: dt.datetime,
    length: dt.timedelta,
    zone: ZoneInfo,
    start: dt.datetime,
    end: dt.datetime,
) -> Iterator[dt.datetime]:
    """The series' starts that can overlap ``start``–``end``. Expanded in the series' wall
    time, so a weekly 10:00 stays at 10:00 across a daylight-saving change."""
    from dateutil.rrule import rruleset, rrulestr

    tz = first.tzinfo
    wall = first.replace(tzinfo=None)
    series = rruleset()
    for rule in _as_list(event.get("RRULE")):
        text = _wall_until(rule, tz).to_ical().decode()
        series.rrule(rrulestr(text, dtstart=wall, ignoretz=True))
    for rdates in _as_list(event.get("RDATE")):
        for value in rdates.dts:
            series.rdate(_wall(value.dt, tz, zone))
    for exdates in _as_list(event.get("EXDATE")):
        for value in exdates.dts:
            series.exdate(_wall(value.dt, tz, zone))
    after = (start - length).astimezone(tz).replace(tzinfo=None)
    before = end.astimezone(tz).replace(tzinfo=None)
    for count, occurrence in enumerate(series.between(after, before, inc=True)):
        if count > MOST:
            raise NotACalendar("An event repeats too often to be read.")
        yield occurrence.replace(tzinfo=tz)


def _wall_until(rule: Any, tz: Any) -> Any:
    """The rule with its UNTIL in the series' wall time (dateutil wants both alike)."""
    until = rule.get("UNTIL")
    if not until:
        return rule
    value = until[0]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time.max.replace(microsecond=0))
    copy = rule.copy()
    copy["UNTIL"] = [value]
    return copy


def _wall(value: dt.date | dt.datetime, tz: Any, zone: ZoneInfo) -> dt.datetime:
    moment = _moment(value, zone)
    return moment.astimezone(tz).replace(tzinfo=None)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _freebusy_spans(calendar: Any, zone: ZoneInfo) -> Iterator[Span]:
    for component in calendar.walk("VFREEBUSY"):
        for periods in _as_list(component.get("FREEBUSY")):
            for period in _as_list(periods):
                if str(period.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                    continue
                begins, ends_or_length = period.dt
                begins = _moment(begins, zone)
                if isinstance(ends_or_length, dt.timedelta):
                    yield begins, begins + ends_or_length
                else:
                    yield begins, _moment(ends_or_length, zone)
