"""What counts as busy in a calendar file: repeating events as their occurrences (skipping
exceptions, following a moved one, keeping wall time across a clock change), all-day events in
the interviewer's zone, events marked free or cancelled ignored, VFREEBUSY's BUSY periods."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from winloss.outreach.busy import NotACalendar, busy_spans

OUTLOOK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly
DTSTART;TZID=W. Europe Standard Time:20260302T100000
DTEND;TZID=W. Europe Standard Time:20260302T110000
RRULE:FREQ=WEEKLY;UNTIL=20260414T000000Z
EXDATE;TZID=W. Europe Standard Time:20260309T100000
END:VEVENT
BEGIN:VEVENT
UID:weekly
RECURRENCE-ID;TZID=W. Europe Standard Time:20260316T100000
DTSTART;TZID=W. Europe Standard Time:20260316T150000
DTEND;TZID=W. Europe Standard Time:20260316T160000
END:VEVENT
BEGIN:VEVENT
UID:holiday
DTSTART;VALUE=DATE:20260320
END:VEVENT
BEGIN:VEVENT
UID:reminder
DTSTART:20260321T100000Z
DURATION:PT2H
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:called-off
DTSTART:20260322T100000Z
DTEND:20260322T110000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VFREEBUSY
FREEBUSY;FBTYPE=BUSY:20260301T100000Z/20260301T110000Z,20260302T100000Z/PT1H
FREEBUSY;FBTYPE=FREE:20260305T100000Z/20260305T110000Z
END:VFREEBUSY
END:VCALENDAR
""".replace("\n", "\r\n").encode()

UTC = dt.UTC


def _at(day: int, hour: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


def test_repeats_exceptions_moves_days_and_free_busy_periods_are_read():
    spans = busy_spans(
        OUTLOOK,
        zone=ZoneInfo("America/New_York"),
        start=_at(1, 0),
        end=dt.datetime(2026, 4, 30, tzinfo=UTC),
    )
    assert spans == [
        (_at(1, 10), _at(1, 11)),  # free/busy period
        # 10:00 in Berlin (09:00 UTC), merged with the free/busy hour that follows it.
        (_at(2, 9), _at(2, 11)),
        # 9 March is an exception; 16 March was moved to the afternoon.
        (_at(16, 14), _at(16, 15)),
        # The all-day holiday, midnight to midnight in New York (already on summer time).
        (_at(20, 4), _at(21, 4)),
        (_at(23, 9), _at(23, 10)),
        # Berlin's clocks changed on 29 March: 10:00 there is now 08:00 UTC.
        (_at(30, 8), _at(30, 9)),
        (_at(6, 8, 4), _at(6, 9, 4)),
        (_at(13, 8, 4), _at(13, 9, 4)),  # UNTIL 14 April: the last one
    ]


def test_only_the_weeks_asked_for_are_kept():
    spans = busy_spans(
        OUTLOOK, zone=ZoneInfo("UTC"), start=_at(25, 0), end=dt.datetime(2026, 4, 7, tzinfo=UTC)
    )
    assert spans == [(_at(30, 8), _at(30, 9)), (_at(6, 8, 4), _at(6, 9, 4))]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<html><body>Sign in</body></html>", "did not give an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:notadate\r\n", "could not be read"),
    ],
)
def test_a_file_that_is_not_a_calendar_is_said_so(data, said):
    with pytest.raises(NotACalendar, match=said):
        busy_spans(data, zone=ZoneInfo("UTC"), start=_at(1, 0), end=_at(30, 0))
