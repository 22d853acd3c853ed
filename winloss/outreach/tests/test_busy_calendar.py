"""Busy times from the interviewer's own calendar, fetched from a real HTTP server on the
loopback: the respondent is not offered them; a file that cannot be read saves nothing and
says why; an address inside a private network is refused before anything is asked of it."""

import datetime as dt
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.test import Client

from winloss.activity.models import LogEntry
from winloss.jobs.schedules import named
from winloss.outreach import calendars, links
from winloss.outreach.models import BusyTime, InterviewerCalendar, LinkPurpose


@pytest.fixture
def calendar_server(tmp_path, settings):
    """A real web server on 127.0.0.1 serving ``tmp_path``, noting each path asked for.
    Loopback is a private address: the tests allow it the way a local setup would."""
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True
    asked: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format, *args):
            asked.append(self.path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(
            root=tmp_path, url=f"http://127.0.0.1:{server.server_port}/", asked=asked
        )
    finally:
        server.shutdown()
        server.server_close()


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _busy_file(*spans: tuple[dt.datetime, dt.datetime]) -> str:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:busy-{n}@example\r\nDTSTAMP:20260101T000000Z\r\n"
        f"DTSTART:{_stamp(s)}\r\nDTEND:{_stamp(e)}\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
        for n, (s, e) in enumerate(spans)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n"


def _pages(sample) -> str:
    return f"/w/{sample.workspace.slug}/programs/{sample.program_id}/schedule/availability/"


def _offered(appointment) -> str:
    link = links.new_link(appointment, LinkPurpose.SCHEDULE)
    return Client().get(f"/r/{links.token_for(link)}/", {"tz": "UTC"}).content.decode()


def _shown(page: str, label: str) -> bool:
    return re.search(rf"required> {label}</label>", page) is not None


def test_the_respondent_is_not_offered_the_interviewers_busy_time(
    client_for, interviewer, sample, appointment, open_window, calendar_server
):
    ten = open_window.starts_at + dt.timedelta(hours=1)
    (calendar_server.root / "me.ics").write_text(_busy_file((ten, ten + dt.timedelta(hours=1))))
    before = _offered(appointment)
    assert _shown(before, "10:00") and _shown(before, "10:30")

    saved = client_for(interviewer).post(
        _pages(sample) + "busy/", {"url": calendar_server.url + "me.ics"}, follow=True
    )
    text = saved.content.decode()
    assert "Calendar saved: 1 busy times in the coming weeks are kept free." in text
    assert "Reading <strong>127.0.0.1</strong>" in text and "me.ics" not in text

    after = _offered(appointment)
    assert not _shown(after, "10:00") and not _shown(after, "10:30")
    assert _shown(after, "09:30") and _shown(after, "11:00")
    entry = LogEntry.objects.get(action="busy_calendar.saved")
    assert entry.data == {"host": "127.0.0.1", "busy": 1}  # the secret address is not logged


def test_the_schedule_reads_the_calendar_again_and_keeps_the_last_good_reading_on_failure(
    workspace, interviewer, open_window, calendar_server
):
    ten = open_window.starts_at + dt.timedelta(hours=1)
    path = calendar_server.root / "me.ics"
    path.write_text(_busy_file((ten, ten + dt.timedelta(minutes=30))))
    calendars.save_busy_calendar(
        workspace=workspace,
        interviewer=interviewer,
        url=calendar_server.url + "me.ics",
        user=interviewer,
    )
    path.write_text(_busy_file((ten, ten + dt.timedelta(hours=2))))
    schedule = named("outreach.busy_calendars")
    assert schedule is not None and schedule.when == "every 30 minutes"
    assert schedule.says(schedule.run()) == "1 read, 0 could not be read."
    assert list(BusyTime.objects.values_list("ends_at", flat=True)) == [ten + dt.timedelta(hours=2)]

    path.unlink()
    assert schedule.says(schedule.run()) == "0 read, 1 could not be read."
    calendar = InterviewerCalendar.objects.get()
    assert calendar.busy_error == "The address answered 404 File not found."
    assert BusyTime.objects.count() == 1  # the last good reading still counts


def test_the_page_shows_a_failed_reading_in_plain_words(
    client_for, interviewer, sample, open_window, calendar_server
):
    path = calendar_server.root / "me.ics"
    path.write_text(_busy_file())
    client = client_for(interviewer)
    client.post(_pages(sample) + "busy/", {"url": calendar_server.url + "me.ics"})
    path.write_text("<html>Sign in to see this calendar</html>")
    page = client.post(_pages(sample) + "busy/refresh/", follow=True).content.decode()
    said = "The address did not give an iCalendar file (BEGIN:VCALENDAR)."
    assert said in page and f"The last reading failed: {said}" in page


@pytest.mark.parametrize(
    ("content", "address", "said"),
    [
        ("<html>Sign in</html>", "page.html", "The address did not give an iCalendar file"),
        (None, "missing.ics", "The address answered 404 File not found."),
        ("x" * 2_000_001, "huge.ics", "The file is larger than 1 MB"),
        (None, "ftp://127.0.0.1/me.ics", "Give an address starting with https://"),
    ],
)
def test_an_unreadable_calendar_saves_nothing_and_says_why(
    client_for, interviewer, sample, calendar_server, settings, content, address, said
):
    settings.CALENDAR_FETCH_MAX_BYTES = 1_000_000
    if content is not None:
        (calendar_server.root / address).write_text(content)
    url = address if "://" in address else calendar_server.url + address
    page = client_for(interviewer).post(_pages(sample) + "busy/", {"url": url})
    assert page.status_code == 200 and said in page.content.decode()
    assert not InterviewerCalendar.objects.exclude(busy_url="").exists()
    assert not BusyTime.objects.exists() and not LogEntry.objects.filter(action__startswith="busy")


def test_an_unreachable_server_is_said_plainly(client_for, interviewer, sample, settings):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = client_for(interviewer).post(
        _pages(sample) + "busy/", {"url": f"http://127.0.0.1:{port}/me.ics"}
    )
    assert "could not be reached (the connection was refused)" in page.content.decode()


def test_an_address_inside_a_private_network_is_refused_before_it_is_asked(
    client_for, interviewer, sample, calendar_server, settings
):
    settings.DEBUG = False
    settings.REMOTE_FETCH_ALLOW_PRIVATE = False
    (calendar_server.root / "me.ics").write_text(_busy_file())
    client = client_for(interviewer)
    for url in (
        calendar_server.url + "me.ics",
        calendar_server.url.replace("127.0.0.1", "localhost") + "me.ics",
    ):
        page = client.post(_pages(sample) + "busy/", {"url": url}).content.decode()
        assert "only public addresses are fetched" in page
    assert calendar_server.asked == []  # connected, then dropped: not one request was sent
    assert not InterviewerCalendar.objects.exclude(busy_url="").exists()
