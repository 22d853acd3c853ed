"""The respondent's link, posted to directly: tampered, expired, used or cancelled links show
a clear page and change nothing; the server checks every choice."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.outreach import links
from winloss.outreach.models import (
    Appointment,
    AppointmentStatus,
    Availability,
    ConsentRecord,
    LinkPurpose,
    RespondentLink,
)
from winloss.outreach.slots import open_slots
from winloss.programs.models import EntryStatus, SampleEntry


@pytest.fixture
def link(appointment, open_window):
    return links.new_link(appointment, LinkPurpose.SCHEDULE)


def _url(link_or_token) -> str:
    token = link_or_token if isinstance(link_or_token, str) else links.token_for(link_or_token)
    return f"/r/{token}/"


def _booking(appointment, **overrides) -> dict:
    return {
        "action": "book",
        "slot": open_slots(appointment)[0].isoformat(),
        "format": "video",
        "timezone": "America/New_York",
        "notes_allowed": "on",
        "attribution": "anonymous",
        **overrides,
    }


def _state() -> tuple:
    return (
        list(Appointment.objects.values_list("status", "starts_at", "version")),
        ConsentRecord.objects.count(),
        list(RespondentLink.objects.values_list("used_at", "revoked_at")),
        list(SampleEntry.objects.values_list("status", flat=True)),
        LogEntry.objects.count(),
    )


def test_the_page_says_who_asks_and_why_and_shows_times_in_the_chosen_zone(link, appointment):
    page = Client().get(_url(link), {"tz": "Asia/Tokyo"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Iris Interviewer is asking for 30 minutes" in text
    assert "How your answers are used" in text
    first = open_slots(appointment)[0]
    # The label the buyer reads, not the value the form sends.
    label = first.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%H:%M")
    assert f'value="{first.astimezone(dt.timezone(dt.timedelta(hours=9))).isoformat()}"' in text
    assert re.search(rf"required> {label}</label>", text)


def test_no_consent_is_ticked_or_chosen_before_the_buyer_answers(link):
    text = Client().get(_url(link)).content.decode()
    boxes = re.findall(r"<input[^>]*(?:_allowed|attribution)[^>]*>", text)
    assert len(boxes) == 6  # notes, recording, transcript, three ways of quoting
    assert not [box for box in boxes if "checked" in box]


def test_booking_through_the_page_records_consent_and_the_link_refuses_reuse(link, appointment):
    client = Client()
    page = client.post(_url(link), _booking(appointment))
    assert page.status_code == 200 and "your interview is booked" in page.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SCHEDULED
    assert appointment.respondent_timezone == "America/New_York"
    consent = appointment.consents.get()
    assert consent.notes_allowed and not consent.recording_allowed
    before = _state()
    again = client.post(_url(link), _booking(appointment))
    assert again.status_code == 410 and "has been used already" in again.content.decode()
    assert _state() == before


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda token: token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), id="tampered"
        ),
        pytest.param(lambda token: "garbage", id="garbage"),
    ],
)
def test_a_tampered_link_changes_nothing(link, appointment, spoil):
    before = _state()
    response = Client().post(_url(spoil(links.token_for(link))), _booking(appointment))
    assert response.status_code == 410 and "not valid" in response.content.decode()
    assert _state() == before


def test_an_expired_link_changes_nothing(link, appointment):
    RespondentLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    before = _state()
    response = Client().post(_url(link), _booking(appointment))
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert _state() == before


def test_a_link_of_a_cancelled_interview_changes_nothing(link, appointment):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)
    before = _state()
    response = Client().post(_url(link), {"action": "decline", "reason": "x"})
    assert response.status_code == 410 and "cancelled" in response.content.decode()
    assert _state() == before


def test_a_replaced_link_stops_working(link, appointment):
    newer = links.new_link(appointment, LinkPurpose.SCHEDULE)
    assert "replaced by a newer one" in Client().get(_url(link)).content.decode()
    assert Client().get(_url(newer)).status_code == 200


def test_a_time_not_offered_is_refused_by_the_server(link, appointment):
    before = _state()
    odd = (open_slots(appointment)[0] + dt.timedelta(minutes=7)).isoformat()
    response = Client().post(_url(link), _booking(appointment, slot=odd))
    assert response.status_code == 400 and "no longer open" in response.content.decode()
    assert _state() == before


def test_booking_without_permission_to_take_notes_is_refused(link, appointment):
    before = _state()
    data = _booking(appointment)
    del data["notes_allowed"]
    response = Client().post(_url(link), data)
    assert response.status_code == 400 and "permission to take notes" in response.content.decode()
    assert _state() == before


def test_declining_records_the_refusal_and_proposes_a_replacement(link, appointment):
    page = Client().post(_url(link), {"action": "decline", "reason": "Company policy"})
    assert page.status_code == 200 and "will not ask you again" in page.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DECLINED
    entry = appointment.entry
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECLINED and entry.refusal_reason == "Company policy"
    assert entry.replaced_by.get().status == EntryStatus.PROPOSED


def test_two_bookings_cannot_take_the_same_slot(link, appointment, sample, open_window):
    other = sample.entries.exclude(pk=appointment.entry_id).first()
    from winloss.outreach.services import begin_appointment

    other_link = links.new_link(begin_appointment(other), LinkPurpose.SCHEDULE)
    slot = open_slots(appointment)[0].isoformat()
    assert Client().post(_url(link), _booking(appointment, slot=slot)).status_code == 200
    second = Client().post(_url(other_link), _booking(appointment, slot=slot))
    assert second.status_code == 400 and "no longer open" in second.content.decode()


def test_the_respondent_pages_are_rate_limited(link, settings):
    client = Client()
    statuses = [client.get(_url("not-a-token")).status_code for _ in range(31)]
    assert statuses[:30] == [410] * 30 and statuses[30] == 429


def test_the_hour_that_comes_twice_in_autumn_is_told_apart(appointment, interviewer, travel):
    travel(dt.datetime(2027, 11, 5, 12, 0, tzinfo=dt.UTC))
    # New York's clocks go back at 06:00 UTC on 7 November 2027: 01:00–02:00 comes twice.
    Availability.objects.create(
        workspace=appointment.workspace,
        interviewer=interviewer,
        starts_at=dt.datetime(2027, 11, 7, 5, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2027, 11, 7, 7, 0, tzinfo=dt.UTC),
    )
    link = links.new_link(appointment, LinkPurpose.SCHEDULE)
    text = Client().get(_url(link), {"tz": "America/New_York"}).content.decode()
    labels = re.findall(r"name=\"slot\" value=\"[^\"]+\" required> ([^<]+)</label>", text)
    assert labels == ["01:00 EDT", "01:30 EDT", "01:00 EST", "01:30 EST"]
    assert "Sunday 7 November" in text
