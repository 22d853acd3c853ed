"""Deal-closed triggers: a deal the CRM closes enters the sample, and its invitation follows
after the program's delay; the CRMs' signed calls, refused when not signed."""

import datetime as dt
import json
import time

import pytest
from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.crm.models import DealTrigger, TriggeredEntry
from winloss.crm.sync import sync_connection
from winloss.crm.triggers import deal_closed, send_due_trigger_invitations
from winloss.crm.webhooks import event_signature, hubspot_signature, save_webhook
from winloss.deals.models import Deal
from winloss.jobs.services import run_schedule
from winloss.programs.models import EntrySource, ProgramStatus, SampleEntry
from winloss.testing import make_program, make_sample

from .servers import FIXTURES

HUBSPOT_APP_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
SF_TOKEN = "t0k3n-for-outbound-messages-4f1c9a"
SF_ORG = "00DD0000000FH8lMAG"
HS_DEAL, SF_DEAL = "9000001", "006D000000CuSnJIAV"


@pytest.fixture
def program(workspace, people):
    """An active program with a drawn sample of 2 deals out of 5 places, trigger on, 4 hours."""
    program = make_program(workspace, status=ProgramStatus.ACTIVE)
    make_sample(program, deals=2, size=5)
    DealTrigger.objects.create(program=program, add_closed_deals=True, invite_after_hours=4)
    return program


@pytest.fixture(autouse=True)
def other_deals_outside_the_window(hubspot, salesforce):
    """The CRMs' other deal of the same account closed before the program's window: a draw
    takes one deal per account, so in the window it would stand in the tested deal's way."""
    hubspot.records["deals"][1]["properties"]["closedate"] = "2024-06-01T12:00:00.000Z"
    salesforce.record("Opportunity", "006D000000CuSnHIAV")["CloseDate"] = "2024-06-01"


def _reopen_hubspot_deal(hubspot):
    deal = hubspot.records["deals"][0]["properties"]
    deal.update(dealstage="appointmentscheduled", hs_is_closed="false")


def _close_hubspot_deal(hubspot):
    deal = hubspot.records["deals"][0]["properties"]
    deal.update(dealstage="closedlost", hs_is_closed="true",
                hs_lastmodifieddate="2025-03-06T09:00:00.000Z")  # fmt: skip


def _post_hubspot(
    client,
    connection,
    body: bytes,
    *,
    secret=HUBSPOT_APP_SECRET,
    age_ms=0,
    site="http://testserver",
):
    path = f"/hooks/crm/hubspot/{connection.pk}/"
    timestamp = str(int(time.time() * 1000) - age_ms)
    signature = hubspot_signature(secret, "POST", f"{site}{path}", body, timestamp)
    return client.post(
        path,
        body,
        content_type="application/json",
        headers={"X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": timestamp},
    )


HUBSPOT_EVENTS = (FIXTURES / "hubspot/webhook_deal_stage.json").read_bytes()
OUTBOUND_MESSAGE = (FIXTURES / "salesforce/outbound_message.xml").read_bytes()
PLATFORM_EVENT = (FIXTURES / "salesforce/platform_event.json").read_bytes()


def _post_event(client, connection, body: bytes, *, secret=SF_TOKEN, age_s=0):
    timestamp = str(int(time.time()) - age_s)
    return client.post(
        f"/hooks/crm/salesforce/{connection.pk}/events/",
        body,
        content_type="application/json",
        headers={
            "X-Winloss-Timestamp": timestamp,
            "X-Winloss-Signature": "sha256=" + event_signature(secret, timestamp, body),
        },
    )


def test_a_signed_hubspot_webhook_brings_the_closed_deal_into_the_sample(
    client, program, people, hubspot_connection, hubspot, django_capture_on_commit_callbacks
):
    _reopen_hubspot_deal(hubspot)
    sync_connection(connection=hubspot_connection, trigger="test")
    assert Deal.objects.get(crm_id=HS_DEAL).outcome == "open"
    save_webhook(connection=hubspot_connection, user=people["admin"], secret=HUBSPOT_APP_SECRET)
    _close_hubspot_deal(hubspot)
    hubspot.seen.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer = _post_hubspot(client, hubspot_connection, HUBSPOT_EVENTS)

    assert answer.status_code == 200, answer.content
    entry = SampleEntry.objects.get(program=program, deal__crm_id=HS_DEAL)
    assert entry.source == EntrySource.CRM_TRIGGER
    assert entry.get_source_display() == "Added when its deal closed"
    assert entry.reason.startswith("Closed lost to competitor on 2025-02-28")
    assert entry.contact.email == "bh@hubspot.com"
    assert entry.interviewer == people["interviewer"]
    # Only the named deal was read again from HubSpot (a batch read by id), not a search.
    assert not hubspot.searches("deals")
    (read,) = [s.body for s in hubspot.seen if s.path == "/crm/v3/objects/deals/batch/read"]
    assert read["inputs"] == [{"id": HS_DEAL}]
    logged = LogEntry.objects.get(action="crm.deal_sampled")
    assert logged.data["invitation"] == "after 4 hours"


@pytest.mark.parametrize(
    ("secret", "age_ms"),
    [("another-app-secret", 0), (HUBSPOT_APP_SECRET, 6 * 60 * 1000)],
    ids=["bad signature", "older than five minutes"],
)
def test_a_hubspot_call_not_signed_now_with_the_app_secret_is_refused(
    client, program, people, hubspot_connection, hubspot, secret, age_ms,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    save_webhook(connection=hubspot_connection, user=people["admin"], secret=HUBSPOT_APP_SECRET)

    with django_capture_on_commit_callbacks(execute=True):
        answer = _post_hubspot(
            client, hubspot_connection, HUBSPOT_EVENTS, secret=secret, age_ms=age_ms
        )

    assert answer.status_code == 401
    assert not hubspot.seen  # nothing was read from HubSpot
    assert not SampleEntry.objects.filter(deal__crm_id=HS_DEAL).exists()


def test_behind_a_proxy_the_signature_over_the_site_url_is_accepted(
    client, people, hubspot_connection, settings
):
    settings.SITE_URL = "https://winloss.example.com"
    save_webhook(connection=hubspot_connection, user=people["admin"], secret=HUBSPOT_APP_SECRET)

    answer = _post_hubspot(client, hubspot_connection, HUBSPOT_EVENTS, site=settings.SITE_URL)

    assert answer.status_code == 200
    assert answer.json() == {"deals": 1}


def test_a_salesforce_outbound_message_is_acknowledged_and_its_deal_sampled(
    client, program, people, salesforce_connection, salesforce, django_capture_on_commit_callbacks
):
    sync_connection(connection=salesforce_connection, trigger="test")
    save_webhook(
        connection=salesforce_connection,
        user=people["admin"],
        secret=SF_TOKEN,
        organization_id=SF_ORG,
    )
    opportunity = salesforce.record("Opportunity", SF_DEAL)
    opportunity.update(StageName="Closed Lost", IsClosed=True, CloseDate="2025-03-04",
                       SystemModstamp="2025-03-06T09:00:00.000+0000")  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/hooks/crm/salesforce/{salesforce_connection.pk}/{SF_TOKEN}/",
            OUTBOUND_MESSAGE,
            content_type="text/xml; charset=utf-8",
            headers={"SOAPAction": '""'},
        )

    assert answer.status_code == 200
    assert b"<Ack>true</Ack>" in answer.content
    entry = SampleEntry.objects.get(program=program, deal__crm_id=SF_DEAL)
    assert entry.source == EntrySource.CRM_TRIGGER
    # Only the named opportunity was read, with its account, competitors and contact roles.
    queries = salesforce.queries[5:]
    assert f"WHERE Id IN ('{SF_DEAL}')" in queries[0]
    assert not any("SystemModstamp >" in q for q in queries)
    assert any(f"WHERE OpportunityId IN ('{SF_DEAL}')" in q for q in queries)


@pytest.mark.parametrize(
    ("token", "org", "status"),
    [("not-the-token", SF_ORG, 401), (SF_TOKEN, "00DD0000000XXXXMAG", 403)],
    ids=["wrong token", "another org"],
)
def test_a_salesforce_message_with_the_wrong_token_or_org_is_refused(
    client, people, salesforce_connection, salesforce, token, org, status
):
    save_webhook(
        connection=salesforce_connection, user=people["admin"], secret=SF_TOKEN,
        organization_id=org,
    )  # fmt: skip

    answer = client.post(
        f"/hooks/crm/salesforce/{salesforce_connection.pk}/{token}/",
        OUTBOUND_MESSAGE,
        content_type="text/xml; charset=utf-8",
    )

    assert answer.status_code == status
    assert not salesforce.seen


def test_a_sync_that_closes_a_deal_samples_it_without_a_webhook(
    program, hubspot_connection, hubspot
):
    _reopen_hubspot_deal(hubspot)
    sync_connection(connection=hubspot_connection, trigger="test")
    assert not SampleEntry.objects.filter(deal__crm_id=HS_DEAL).exists()
    _close_hubspot_deal(hubspot)

    sync_connection(connection=hubspot_connection, trigger="schedule")

    assert SampleEntry.objects.filter(program=program, deal__crm_id=HS_DEAL).exists()


def test_the_invitation_waits_for_the_delay(
    program, hubspot_connection, hubspot, smtp_server, django_capture_on_commit_callbacks
):
    _reopen_hubspot_deal(hubspot)
    sync_connection(connection=hubspot_connection, trigger="test")
    _close_hubspot_deal(hubspot)
    closed_at = timezone.now()
    sync_connection(connection=hubspot_connection, trigger="test")

    with django_capture_on_commit_callbacks(execute=True):
        early = send_due_trigger_invitations(now=closed_at + dt.timedelta(hours=3, minutes=50))
    assert early == 0
    assert not [m for m in smtp_server.messages if "bh@hubspot.com" in m["To"]]

    with django_capture_on_commit_callbacks(execute=True):
        due = send_due_trigger_invitations(now=closed_at + dt.timedelta(hours=4, minutes=5))
    assert due == 1
    (invitation,) = [m for m in smtp_server.messages if "bh@hubspot.com" in m["To"]]
    assert invitation["Subject"]
    # Sent once: the next run finds nothing due.
    assert send_due_trigger_invitations(now=closed_at + dt.timedelta(hours=5)) == 0


def test_the_workers_schedule_sends_the_due_invitations(program, hubspot_connection):
    sync_connection(connection=hubspot_connection, trigger="test")
    TriggeredEntry.objects.update(invite_at=timezone.now() - dt.timedelta(minutes=1))

    assert run_schedule("crm.trigger_invitations") == "1 invitation sent."
    assert run_schedule("crm.trigger_invitations") == "0 invitations sent."


def test_with_a_delay_of_0_the_invitation_goes_at_once(
    program, hubspot_connection, smtp_server, django_capture_on_commit_callbacks
):
    DealTrigger.objects.filter(program=program).update(invite_after_hours=0)

    with django_capture_on_commit_callbacks(execute=True):
        sync_connection(connection=hubspot_connection, trigger="test")

    assert [m for m in smtp_server.messages if "bh@hubspot.com" in m["To"]]
    assert TriggeredEntry.objects.get(entry__deal__crm_id=HS_DEAL).invited_at is not None


def test_with_no_delay_set_the_invitation_is_left_to_the_coordinator(
    program, hubspot_connection, hubspot
):
    DealTrigger.objects.filter(program=program).update(invite_after_hours=None)
    sync_connection(connection=hubspot_connection, trigger="test")

    triggered = TriggeredEntry.objects.get(entry__deal__crm_id=HS_DEAL)
    assert triggered.invite_at is None
    assert send_due_trigger_invitations(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_a_full_sample_does_not_take_the_deal_and_says_why(workspace, people, hubspot_connection):
    program = make_program(workspace, status=ProgramStatus.ACTIVE)
    make_sample(program, deals=3, size=3)
    DealTrigger.objects.create(program=program, add_closed_deals=True, invite_after_hours=0)

    sync_connection(connection=hubspot_connection, trigger="test")

    assert not SampleEntry.objects.filter(deal__crm_id__in=[HS_DEAL, "9000002"]).exists()
    reasons = set(
        LogEntry.objects.filter(action="crm.deal_not_sampled").values_list(
            "data__reason", flat=True
        )
    )
    assert reasons == {"the sample holds all 3 of its places"}


def test_a_second_deal_of_an_account_in_the_sample_is_not_taken(program, hubspot_connection):
    DealTrigger.objects.filter(program=program).update(add_closed_deals=False)
    sync_connection(connection=hubspot_connection, trigger="test")
    Deal.objects.filter(crm_id="9000002").update(close_date=dt.date(2025, 3, 1))
    DealTrigger.objects.filter(program=program).update(add_closed_deals=True)
    deal_closed(Deal.objects.get(crm_id="9000002"))

    assert deal_closed(Deal.objects.get(crm_id=HS_DEAL)) == []

    logged = LogEntry.objects.get(action="crm.deal_not_sampled")
    assert logged.data["reason"] == (
        "its account is already in the sample (a draw takes one deal per account)"
    )


def test_a_deal_is_added_once_however_often_it_is_said_closed(program, hubspot_connection):
    sync_connection(connection=hubspot_connection, trigger="test")
    deal = Deal.objects.get(crm_id=HS_DEAL)

    assert deal_closed(deal) == []
    assert deal_closed(deal) == []

    assert SampleEntry.objects.filter(deal=deal).count() == 1


def test_a_program_with_the_trigger_off_takes_nothing(program, hubspot_connection):
    DealTrigger.objects.filter(program=program).update(add_closed_deals=False)

    sync_connection(connection=hubspot_connection, trigger="test")

    assert not SampleEntry.objects.filter(deal__crm_id=HS_DEAL).exists()


def test_the_webhook_secret_is_stored_encrypted(people, hubspot_connection):
    webhook = save_webhook(
        connection=hubspot_connection, user=people["admin"], secret=HUBSPOT_APP_SECRET
    )

    assert HUBSPOT_APP_SECRET not in webhook.secret_encrypted
    logged = LogEntry.objects.get(action="crm.webhook_saved")
    assert HUBSPOT_APP_SECRET not in json.dumps([logged.data, logged.changes])


def test_a_signed_platform_event_callout_samples_the_named_opportunity(
    client, program, people, salesforce_connection, salesforce, django_capture_on_commit_callbacks
):
    sync_connection(connection=salesforce_connection, trigger="test")
    save_webhook(connection=salesforce_connection, user=people["admin"], secret=SF_TOKEN,
                 organization_id=SF_ORG)  # fmt: skip
    salesforce.record("Opportunity", SF_DEAL).update(
        StageName="Closed Lost", IsClosed=True, CloseDate="2025-03-04",
        SystemModstamp="2025-03-06T09:00:00.000+0000",
    )  # fmt: skip
    salesforce.seen.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer = _post_event(client, salesforce_connection, PLATFORM_EVENT)

    assert answer.status_code == 200, answer.content
    assert answer.json() == {"deals": 1}
    entry = SampleEntry.objects.get(program=program, deal__crm_id=SF_DEAL)
    assert entry.source == EntrySource.CRM_TRIGGER
    assert f"WHERE Id IN ('{SF_DEAL}')" in salesforce.queries[0]


@pytest.mark.parametrize(
    ("secret", "age_s"),
    [("not-the-token", 0), (SF_TOKEN, 6 * 60)],
    ids=["bad signature", "older than five minutes"],
)
def test_a_platform_event_callout_not_signed_now_with_the_token_is_refused(
    client, people, salesforce_connection, salesforce, secret, age_s
):
    save_webhook(connection=salesforce_connection, user=people["admin"], secret=SF_TOKEN,
                 organization_id=SF_ORG)  # fmt: skip

    answer = _post_event(client, salesforce_connection, PLATFORM_EVENT, secret=secret, age_s=age_s)

    assert answer.status_code == 401
    assert not salesforce.seen
