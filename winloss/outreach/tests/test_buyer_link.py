"""The coordinator passes the buyer's link on by phone or LinkedIn, and re-issues it."""

import re

from django.test import Client

from winloss.activity.models import LogEntry
from winloss.outreach import links, services
from winloss.outreach.models import AppointmentStatus, LinkPurpose


def _page(client, appointment) -> str:
    url = f"/w/acme/programs/{appointment.program_id}/schedule/{appointment.entry_id}/"
    return client.get(url).content.decode()


def _shown_link(page: str) -> str:
    return re.search(r'id="buyer-link-url" type="text" readonly value="([^"]+)"', page)[1]


def test_the_coordinator_sees_the_buyers_link_and_when_it_expires(
    client_for, people, appointment, settings
):
    settings.SITE_URL = "https://winloss.example.com"
    emailed = links.new_link(appointment, LinkPurpose.SCHEDULE)
    page = _page(client_for(people["coordinator"]), appointment)
    shown = _shown_link(page)
    assert shown.startswith("https://winloss.example.com/r/")
    assert links.resolve(shown.rstrip("/").rsplit("/", 1)[-1]) == emailed
    expiry = re.search(r'id="buyer-link-expiry">([^<]+)<', page)[1]
    assert f"Works until {emailed.expires_at:%A %-d %B %Y, %H:%M} (UTC)" in expiry


def test_reissuing_kills_every_older_link_with_the_replaced_page(
    client_for, people, appointment, open_window
):
    older = [links.new_link(appointment, purpose) for purpose in links.INTERVIEW_PURPOSES]
    client = client_for(people["coordinator"])
    client.post(f"/w/acme/programs/{appointment.program_id}/schedule/{appointment.entry_id}/link/")
    after = _shown_link(_page(client, appointment))
    token = after.rstrip("/").rsplit("/", 1)[-1]
    assert links.resolve(token) not in older
    buyer = Client()
    for link in older:
        old = buyer.get(f"/r/{links.token_for(link)}/")
        assert old.status_code == 410
        assert "replaced by a newer one" in old.content.decode()
    fresh = buyer.get(f"/r/{token}/")
    assert fresh.status_code == 200 and "Pick a time" in fresh.content.decode()
    entry = LogEntry.objects.get(action="outreach.link_issued")
    assert token not in str(entry.data) and token not in str(entry.changes)


def test_a_booked_interviews_link_is_for_changing_it(people, appointment, open_window):
    link = services.reissue_link(appointment, user=people["coordinator"])
    assert link.purpose == LinkPurpose.SCHEDULE
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.starts_at = open_window.starts_at
    appointment.save()
    assert services.reissue_link(appointment, user=people["coordinator"]).purpose == "manage"


def test_only_those_who_schedule_see_the_link(client_for, people, appointment):
    links.new_link(appointment, LinkPurpose.SCHEDULE)
    page = _page(client_for(people["interviewer"]), appointment)
    assert "buyer-link-url" not in page and "/r/" not in page


def test_no_link_for_a_declined_interview(people, appointment):
    appointment.status = AppointmentStatus.DECLINED
    appointment.save()
    try:
        services.reissue_link(appointment, user=people["coordinator"])
    except services.OutreachError as error:
        assert "declined" in str(error)
    else:
        raise AssertionError("a declined interview got a link")
