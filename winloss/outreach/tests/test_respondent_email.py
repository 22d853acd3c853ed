"""Real mail through a local SMTP server: the invitation's link, the booking, the .ics."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from icalendar import Calendar

from winloss.outreach import reminders, services
from winloss.outreach.models import (
    AppointmentStatus,
    ConsentRecord,
    MessageKind,
    MessageStatus,
    OutreachMessage,
)
from winloss.outreach.slots import open_slots


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/r/(\S+)/", body).group(1)


def _ics(message) -> Calendar:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content())
    raise AssertionError("no calendar attachment")


ANSWERS = services.ConsentAnswers(
    notes_allowed=True, recording_allowed=False, transcription_allowed=True, attribution="anonymous"
)


@pytest.fixture
def invited(sample, people, smtp_server, django_capture_on_commit_callbacks, open_window):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_invitations(sample.program, user=people["coordinator"])
    assert sent == 3
    return smtp_server


def test_the_invitation_arrives_with_a_working_link_and_no_token_stored(invited, entry):
    message = next(m for m in invited.messages if m["To"] == entry.contact.email)
    assert "would value 30 minutes" in message["Subject"]
    token = _link(message)
    logged = OutreachMessage.objects.get(appointment__entry=entry, kind=MessageKind.INVITATION)
    assert logged.status == MessageStatus.SENT and token not in logged.body
    assert "[secure link]" in logged.body
    assert services.links.resolve(token).appointment.entry == entry


def test_booking_sends_confirmations_with_a_calendar_invitation(
    invited, entry, interviewer, django_capture_on_commit_callbacks
):
    token = _link(next(m for m in invited.messages if m["To"] == entry.contact.email))
    appointment = services.links.resolve(token).appointment
    slot = open_slots(appointment)[1]
    invited.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(
            token, starts_at=slot, format="video", timezone_name="Europe/Berlin", answers=ANSWERS
        )
    to_respondent = next(m for m in invited.messages if m["To"] == entry.contact.email)
    to_interviewer = next(m for m in invited.messages if m["To"] == interviewer.email)
    event = _ics(to_respondent).walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot
    assert event["sequence"] == 0 and _ics(to_respondent)["method"] == "REQUEST"
    assert "(Europe/Berlin)" in to_respondent["Subject"]
    assert _ics(to_interviewer).walk("VEVENT")[0]["uid"] == event["uid"]
    # The confirmation carries a new link, for changing or cancelling only.
    manage = _link(to_respondent)
    assert services.links.resolve(manage).purpose == "manage"
    consent = ConsentRecord.objects.get(appointment=appointment)
    assert (consent.notes_allowed, consent.recording_allowed) == (True, False)
    # No recording, no transcript, whatever was ticked.
    assert consent.transcription_allowed is False
    assert "How your answers are used" in consent.shown_text


def test_a_reschedule_updates_the_same_event_and_a_cancel_removes_it(
    invited, entry, django_capture_on_commit_callbacks
):
    token = _link(next(m for m in invited.messages if m["To"] == entry.contact.email))
    appointment = services.links.resolve(token).appointment
    first, later = open_slots(appointment)[0], open_slots(appointment)[3]
    with django_capture_on_commit_callbacks(execute=True):
        services.book(token, starts_at=first, format="phone", timezone_name="UTC", answers=ANSWERS)
    confirmed = next(m for m in invited.messages if m["Subject"].startswith("Confirmed"))
    manage = _link(confirmed)
    invited.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(manage, starts_at=later)
    moved = next(m for m in invited.messages if m["To"] == entry.contact.email)
    event = _ics(moved).walk("VEVENT")[0]
    assert event["sequence"] == 1 and event.decoded("dtstart") == later
    newest = _link(moved)
    invited.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(newest, reason="Travelling")
    cancelled = next(m for m in invited.messages if m["To"] == entry.contact.email)
    assert _ics(cancelled)["method"] == "CANCEL"
    assert _ics(cancelled).walk("VEVENT")[0]["sequence"] == 2
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    entry.refresh_from_db()
    assert entry.status == "declined"  # and the sample proposes a replacement
    assert entry.replaced_by.exists()


def test_reminders_go_once_to_those_who_have_not_answered(
    invited, sample, django_capture_on_commit_callbacks
):
    later = timezone.now() + dt.timedelta(days=5)
    invited.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders(now=later) == 3
        assert reminders.send_due_reminders(now=later) == 0
    assert len(invited.messages) == 3
    assert all("reminder" in m["Subject"].lower() for m in invited.messages)


def test_the_programs_interview_length_is_the_one_every_message_and_page_says(
    sample, people, smtp_server, django_capture_on_commit_callbacks, entry, client
):
    program = sample.program
    program.interview_minutes = 45
    program.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(program, user=people["coordinator"])
    invitation = next(m for m in smtp_server.messages if m["To"] == entry.contact.email)
    assert "would value 45 minutes" in invitation["Subject"]
    assert "spare 45 minutes" in invitation.get_body(("plain",)).get_content()
    assert "20 minutes" not in invitation.as_string()
    page = client.get(f"/r/{_link(invitation)}/").content.decode()
    assert "asking for 45 minutes" in page
    appointment = services.links.resolve(_link(invitation)).appointment
    assert appointment.duration_minutes == 45
    appointment.starts_at = timezone.now() + dt.timedelta(days=3)
    event = _ics_of(appointment)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(minutes=45)
    assert "45-minute conversation" in str(event["description"])


def _ics_of(appointment):
    from winloss.outreach.calendar import ics_for

    return Calendar.from_ical(ics_for(appointment)).walk("VEVENT")[0]


def test_the_link_in_an_email_starts_with_site_url_as_configured(
    sample, people, smtp_server, django_capture_on_commit_callbacks, entry, settings
):
    settings.SITE_URL = "https://winloss.example.com:8443"
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(sample.program, user=people["coordinator"])
    invitation = next(m for m in smtp_server.messages if m["To"] == entry.contact.email)
    body = invitation.get_body(("plain",)).get_content()
    assert re.search(r"^https://winloss\.example\.com:8443/r/[^/\s]+/\s*$", body, re.MULTILINE)


def test_the_interviewer_reads_the_booked_time_in_their_own_zone(
    invited, entry, interviewer, django_capture_on_commit_callbacks
):
    interviewer.timezone = "Asia/Kolkata"
    interviewer.save()
    token = _link(next(m for m in invited.messages if m["To"] == entry.contact.email))
    appointment = services.links.resolve(token).appointment
    slot = open_slots(appointment)[0]
    invited.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.book(
            token, starts_at=slot, format="video", timezone_name="Europe/Berlin", answers=ANSWERS
        )
    to_interviewer = next(m for m in invited.messages if m["To"] == interviewer.email)
    to_buyer = next(m for m in invited.messages if m["To"] == entry.contact.email)
    india = slot.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30)))
    assert f"at {india:%H:%M} (Asia/Kolkata)" in to_interviewer["Subject"]
    assert "(Europe/Berlin)" in to_buyer["Subject"]
