"""The interviewer's private calendar feed: read by a calendar app with no session, it carries
the very events the invitations emailed (same UID and SEQUENCE), cancelled ones marked so,
nothing about the buyer, and stops answering once its address is reset."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from winloss.accounts.models import Membership
from winloss.accounts.roles import Role
from winloss.outreach import calendars, feeds, services
from winloss.outreach.models import Appointment
from winloss.outreach.slots import open_slots
from winloss.testing import make_member

ANSWERS = services.ConsentAnswers(
    notes_allowed=True, recording_allowed=False, transcription_allowed=True, attribution="named"
)


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/r/(\S+)/", body).group(1)


def _emailed_event(message):
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_content()).walk("VEVENT")[0]
    raise AssertionError("no calendar attachment")


def _feed_path(calendar) -> str:
    return f"/calendar/{feeds.token_for(calendar)}.ics"


def _feed(calendar) -> tuple[bytes, dict]:
    response = Client().get(_feed_path(calendar))  # no session: a calendar app's request
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    return response.content, events


@pytest.fixture
def invited(sample, people, smtp_server, django_capture_on_commit_callbacks, open_window):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(sample.program, user=people["coordinator"])
    return smtp_server


def _mail_to(inbox, contact):
    return [m for m in inbox.messages if m["To"] == contact.email][-1]


def test_the_feed_carries_the_emailed_events_and_marks_a_cancelled_one(
    invited, sample, workspace, interviewer, django_capture_on_commit_callbacks
):
    moved_entry, cancelled_entry = sample.entries.select_related("contact", "deal").order_by("pk")[
        :2
    ]
    moved = services.links.resolve(_link(_mail_to(invited, moved_entry.contact))).appointment
    slots = open_slots(moved)
    with django_capture_on_commit_callbacks(execute=True):
        services.book(
            _link(_mail_to(invited, moved_entry.contact)),
            starts_at=slots[0],
            format="phone",
            timezone_name="Europe/Berlin",
            answers=ANSWERS,
            location="+1 555 0100",
        )
        services.book(
            _link(_mail_to(invited, cancelled_entry.contact)),
            starts_at=slots[1],
            format="video",
            timezone_name="UTC",
            answers=ANSWERS,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(_link(_mail_to(invited, moved_entry.contact)), starts_at=slots[4])
        services.cancel(_link(_mail_to(invited, cancelled_entry.contact)), reason="Travelling")
    emailed_move = _emailed_event(_mail_to(invited, moved_entry.contact))
    emailed_cancel = _emailed_event(_mail_to(invited, cancelled_entry.contact))

    calendar = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    body, events = _feed(calendar)

    assert set(events) == {str(emailed_move["uid"]), str(emailed_cancel["uid"])}
    event = events[str(emailed_move["uid"])]
    assert event["sequence"] == emailed_move["sequence"] == 1
    assert event.decoded("dtstart") == slots[4] and str(event["status"]) == "CONFIRMED"
    # In UTC, so every calendar app places it alike.
    assert f"DTSTART:{slots[4]:%Y%m%dT%H%M%S}Z".encode() in body
    assert str(event["summary"]) == f"Win-loss interview: {moved_entry.deal}"
    gone = events[str(emailed_cancel["uid"])]
    assert str(gone["status"]) == "CANCELLED"
    assert gone["sequence"] == emailed_cancel["sequence"] == 1
    # The address can leak: nothing of the buyer travels in it.
    for contact in (moved_entry.contact, cancelled_entry.contact):
        assert contact.email.encode() not in body and contact.name.encode() not in body
    assert b"555 0100" not in body and b"ATTENDEE" not in body


def test_another_interviewers_interviews_are_not_in_the_feed(
    sample, workspace, interviewer, people
):
    other = make_member(workspace, Role.INTERVIEWER, name="Otto Other")
    theirs, mine = (services.begin_appointment(e) for e in sample.entries.order_by("pk")[:2])
    Appointment.objects.filter(pk=theirs.pk).update(interviewer=other)
    when = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    for appointment in (theirs, mine):
        appointment.refresh_from_db()
        services.schedule_by_hand(
            appointment,
            starts_at=when,
            format="phone",
            answers=ANSWERS,
            user=people["coordinator"],
            expected_version=appointment.version,
            send=False,
        )
    _, mine_listed = _feed(
        calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    )
    _, theirs_listed = _feed(
        calendars.reset_feed(workspace=workspace, interviewer=other, user=other)
    )
    assert set(mine_listed) == {mine.ics_uid} and set(theirs_listed) == {theirs.ics_uid}


def test_a_reset_address_and_a_tampered_one_are_refused_with_404(
    workspace, interviewer, django_assert_max_num_queries
):
    calendar = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    old = _feed_path(calendar)
    with django_assert_max_num_queries(4):
        assert Client().get(old).status_code == 200
    calendar = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    refused = Client().get(old)
    assert refused.status_code == 404 and b"No such calendar feed" in refused.content
    assert Client().get(_feed_path(calendar)).status_code == 200
    assert Client().get(_feed_path(calendar).replace(".ics", "x.ics")).status_code == 404


def test_the_feed_stops_when_its_interviewer_leaves_the_workspace(workspace, interviewer):
    calendar = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    Membership.objects.filter(user=interviewer, workspace=workspace).delete()
    assert Client().get(_feed_path(calendar)).status_code == 404


def test_the_availability_page_makes_shows_and_resets_the_feed_address(
    client_for, interviewer, sample
):
    client = client_for(interviewer)
    page = f"/w/{sample.workspace.slug}/programs/{sample.program_id}/schedule/availability/"
    assert "Make my feed address" in client.get(page).content.decode()

    made = client.post(page + "feed/", follow=True).content.decode()
    calendar = calendars.calendar_of(sample.workspace, interviewer)
    old_url = feeds.url_for(calendar)
    assert "Your feed address is below" in made and f'value="{old_url}"' in made
    assert "Reset the address" in made and 'data-copy="feed-url"' in made

    reset = client.post(page + "feed/", follow=True).content.decode()
    calendar.refresh_from_db()
    assert "the old one no longer works" in reset
    assert f'value="{feeds.url_for(calendar)}"' in reset and old_url not in reset
    assert Client().get(urlsplit(old_url).path).status_code == 404


def test_a_workspace_that_requires_sso_serves_only_feeds_made_after_it_did(
    workspace, interviewer, people, settings
):
    """One rule, every door: a feed address made in a password session stops answering once
    the workspace requires single sign-on, as API tokens do; a reset after it answers."""
    from winloss.sso.services import set_sso_requirement

    settings.OIDC_RP_CLIENT_ID = "winloss"
    before = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    assert Client().get(_feed_path(before)).status_code == 200

    set_sso_requirement(workspace=workspace, required=True, user=people["admin"], through_sso=True)
    refused = Client().get(_feed_path(before))
    assert refused.status_code == 403
    assert "requires single sign-on, and this calendar address was made before it did" in (
        refused.content.decode()
    )
    # Without single sign-on on the server, nobody could meet the rule: the feed answers.
    settings.OIDC_RP_CLIENT_ID = ""
    assert Client().get(_feed_path(before)).status_code == 200
    settings.OIDC_RP_CLIENT_ID = "winloss"
    after = calendars.reset_feed(workspace=workspace, interviewer=interviewer, user=interviewer)
    assert Client().get(_feed_path(after)).status_code == 200
