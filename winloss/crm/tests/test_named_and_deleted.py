"""A CRM's call reads only the deals it names; deals deleted in the CRM are marked, kept with
their interviews and left out of later draws; HubSpot's search past 10,000 results; owners."""

import datetime as dt
import json

from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.crm.clients.backoff import Backoff
from winloss.crm.clients.hubspot import HubSpotReader
from winloss.crm.models import SyncStatus
from winloss.crm.secrets import decrypt
from winloss.crm.sync import sync_connection
from winloss.crm.webhooks import hubspot_deal_ids
from winloss.deals.models import Deal
from winloss.programs.sampling.eligibility import eligible_deals
from winloss.testing import make_program, make_sample

LOST, OPEN = "006D000000CuSnIIAV", "006D000000CuSnJIAV"


def _salesforce_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def test_a_named_salesforce_sync_reads_only_those_opportunities(salesforce_connection, salesforce):
    run = sync_connection(connection=salesforce_connection, trigger="test", crm_ids=[LOST])

    assert run.status == SyncStatus.SUCCEEDED, run.error or run.errors
    assert list(Deal.objects.values_list("crm_id", flat=True)) == [LOST]
    assert Deal.objects.get().account.name == "Burlington Textiles Corp of America"
    assert run.deal_ids == [LOST] and run.since is None
    assert all(" IN (" in q for q in salesforce.queries)
    salesforce_connection.refresh_from_db()
    assert salesforce_connection.cursor is None  # the rest of the CRM was not read


def test_a_deal_deleted_in_salesforce_is_marked_and_kept_out_of_later_draws(
    workspace, salesforce_connection, salesforce, client, people
):
    sync_connection(connection=salesforce_connection, trigger="test")
    program = make_program(workspace)
    deleted_at = timezone.now() - dt.timedelta(hours=1)
    salesforce.delete(LOST, _salesforce_time(deleted_at))
    salesforce.seen.clear()

    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error
    (asked,) = [s for s in salesforce.seen if s.path.endswith("/sobjects/Opportunity/deleted/")]
    assert dt.datetime.fromisoformat(asked.query["end"][0]) > deleted_at
    deal = Deal.objects.get(crm_id=LOST)  # kept, marked
    assert deal.crm_deleted_at is not None
    assert f"Opportunity {LOST} (Burlington Textiles Weaving Plant Generator) was deleted in " \
        "Salesforce." in run.notes  # fmt: skip
    assert LogEntry.objects.filter(action="crm.deal_deleted", object_id=deal.pk).exists()
    assert deal not in eligible_deals(program).deals
    client.force_login(people["admin"])
    page = client.get(f"/w/{workspace.slug}/deals/{deal.pk}/").content.decode()
    assert "Deleted in the CRM on" in page


def test_a_sampled_deal_deleted_in_the_crm_stays_in_its_sample(
    workspace, hubspot_connection, hubspot, client, people
):
    program = make_program(workspace)
    draw = make_sample(program, deals=1, size=1)
    sampled = draw.entries.get().deal
    Deal.objects.filter(pk=sampled.pk).update(crm_id="9000001")  # the sync's deal
    sync_connection(connection=hubspot_connection, trigger="test")
    hubspot.archive("9000001", "2099-01-01T00:00:00.000Z")

    sync_connection(connection=hubspot_connection, trigger="test")

    entry = draw.entries.get()
    assert entry.deal_id == sampled.pk and entry.deal.crm_deleted_at is not None
    client.force_login(people["admin"])
    page = client.get(f"/w/{workspace.slug}/programs/{program.pk}/sample/").content.decode()
    assert "Deleted in the CRM" in page


def test_a_hubspot_deal_archived_then_restored_loses_its_mark(hubspot_connection, hubspot):
    sync_connection(connection=hubspot_connection, trigger="test")
    hubspot.archive("9000001", "2099-01-01T00:00:00.000Z")

    run = sync_connection(connection=hubspot_connection, trigger="test")
    assert Deal.objects.get(crm_id="9000001").crm_deleted_at is not None
    assert "Deal 9000001 (New deal) was deleted in HubSpot." in run.notes

    restored = hubspot.archived.pop()
    restored["properties"]["hs_lastmodifieddate"] = "2099-01-02T00:00:00.000Z"
    hubspot.records["deals"].append({**restored, "archived": False})
    run = sync_connection(connection=hubspot_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert Deal.objects.get(crm_id="9000001").crm_deleted_at is None
    assert LogEntry.objects.filter(action="crm.deal_restored").count() == 1


def test_a_named_hubspot_deal_that_was_deleted_is_marked(hubspot_connection, hubspot):
    sync_connection(connection=hubspot_connection, trigger="test")
    hubspot.archive("9000001", "2025-03-06T09:00:00.000Z")

    run = sync_connection(connection=hubspot_connection, trigger="test", crm_ids=["9000001"])

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert Deal.objects.get(crm_id="9000001").crm_deleted_at is not None
    assert Deal.objects.get(crm_id="9000002").crm_deleted_at is None


def test_hubspot_deals_carry_their_owners_name_and_email(hubspot_connection):
    sync_connection(connection=hubspot_connection, trigger="test")

    lost, won = Deal.objects.get(crm_id="9000001"), Deal.objects.get(crm_id="9000002")
    assert (lost.owner_name, lost.owner_email) == ("HubSpot Test Owner", "email@hubspot.com")
    # A deactivated owner (archived in HubSpot) still names the deals they owned.
    assert (won.owner_name, won.owner_email) == ("Former Rep", "former.rep@hubspot.com")


def test_a_search_past_10000_results_continues_from_the_last_change_seen(
    hubspot_connection, hubspot
):
    base = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    hubspot.records["companies"] = [
        {
            "id": str(6000000 + n),
            # Three companies a second: a window's edge falls among records of one moment.
            "properties": {"name": f"Company {n}", "hs_lastmodifieddate":
                           (base + dt.timedelta(seconds=n // 3)).isoformat()},
        }
        for n in range(10_250)
    ]  # fmt: skip
    reader = HubSpotReader(
        hubspot_connection, decrypt(hubspot_connection.secret_encrypted), Backoff()
    )

    ids = [c.id for c in reader.search("companies", ["name", "hs_lastmodifieddate"], None)]

    assert len(ids) == len(set(ids)) == 10_250
    searches = hubspot.searches("companies")
    assert max(int(s.get("after") or 0) for s in searches) == 9_900  # never past the cap
    second = next(s for s in searches if s["filterGroups"])["filterGroups"][0]["filters"][0]
    assert second["operator"] == "GTE"
    assert second["value"] == str(int((base + dt.timedelta(seconds=9_999 // 3)).timestamp() * 1000))


def test_a_named_opportunity_in_the_recycle_bin_is_marked(salesforce_connection, salesforce):
    sync_connection(connection=salesforce_connection, trigger="test")
    salesforce.delete(OPEN, _salesforce_time(timezone.now()))
    salesforce.seen.clear()

    run = sync_connection(connection=salesforce_connection, trigger="test", crm_ids=[OPEN])

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert Deal.objects.get(crm_id=OPEN).crm_deleted_at is not None
    assert any(s.path.endswith("/queryAll/") for s in salesforce.seen)


def test_a_hubspot_deletion_event_names_its_deal_and_other_properties_do_not():
    events = [
        {"eventId": 1, "subscriptionId": 27, "portalId": 33, "appId": 1160452,
         "occurredAt": 1741262400000, "subscriptionType": "deal.deletion", "attemptNumber": 0,
         "objectId": 9000002, "changeSource": "CRM_UI"},
        {"eventId": 2, "subscriptionId": 28, "portalId": 33, "appId": 1160452,
         "occurredAt": 1741262400000, "subscriptionType": "deal.propertyChange",
         "attemptNumber": 0, "objectId": 9000003, "propertyName": "amount",
         "propertyValue": "10", "changeSource": "CRM_UI"},
    ]  # fmt: skip

    assert hubspot_deal_ids(json.dumps(events).encode()) == ["9000002"]
