"""Syncing from a local HubSpot that answers as HubSpot documents."""

import datetime as dt
from decimal import Decimal

from winloss.crm.models import SyncStatus
from winloss.crm.sync import sync_connection
from winloss.deals.models import Contact, Deal, DecisionRole

from .servers import fixture


def test_first_sync_creates_deals_with_their_company_contacts_and_competitors(hubspot_connection):
    run = sync_connection(connection=hubspot_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error or run.errors
    lost, won = Deal.objects.get(crm_id="9000001"), Deal.objects.get(crm_id="9000002")
    assert (lost.name, lost.outcome, lost.close_date, lost.amount, lost.currency) == (
        "New deal", "lost", dt.date(2025, 2, 28), Decimal("1500.00"), "USD",
    )  # fmt: skip
    assert won.outcome == "won"
    assert lost.account.name == won.account.name == "HubSpot"
    assert lost.account.crm_id == "5000001"
    assert sorted(lost.competitors.values_list("name", flat=True)) == ["Pipedrive", "Zoho"]
    assert not won.competitors.exists()
    brian = Contact.objects.get(crm_id="7000001")
    assert (brian.name, brian.email, brian.title) == (
        "Brian Halligan", "bh@hubspot.com", "Head of Operations",
    )  # fmt: skip
    assert brian.decision_role == DecisionRole.EXECUTIVE_SPONSOR  # labelled "Decision maker"
    assert list(lost.contacts.all()) == [brian]
    assert run.cursor == dt.datetime(2025, 3, 5, 11, 30, tzinfo=dt.UTC)


def test_second_sync_filters_on_the_last_change_seen(hubspot_connection, hubspot):
    sync_connection(connection=hubspot_connection, trigger="test")
    hubspot.records["deals"][1]["properties"].update(
        amount="2600.00", hs_lastmodifieddate="2025-03-06T09:00:00.000Z"
    )
    hubspot.seen.clear()

    run = sync_connection(connection=hubspot_connection, trigger="test")

    cursor = str(int(dt.datetime(2025, 3, 5, 11, 30, tzinfo=dt.UTC).timestamp() * 1000))
    for kind in ("deals", "companies", "contacts"):
        (search,) = hubspot.searches(kind)
        assert search["filterGroups"] == [{"filters": [
            {"propertyName": "hs_lastmodifieddate", "operator": "GT", "value": cursor}
        ]}]  # fmt: skip
    assert run.counts["deals"] == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    assert Deal.objects.get(crm_id="9000002").amount == Decimal("2600.00")
    # The deal's company did not change: the deal keeps its account's name.
    assert Deal.objects.get(crm_id="9000002").account.name == "HubSpot"


def test_a_rate_limited_search_is_retried_after_the_time_hubspot_asks(hubspot_connection, hubspot):
    hubspot.queue.append((429, {"Retry-After": "1"}, fixture("hubspot/rate_limit.json")))
    waits: list[float] = []

    run = sync_connection(connection=hubspot_connection, trigger="test", sleep=waits.append)

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert (waits, run.retries) == ([1.0], 1)
    assert Deal.objects.count() == 2


def test_a_limit_that_does_not_lift_fails_the_run_after_the_last_try(
    hubspot_connection, hubspot, settings
):
    settings.CRM_SYNC_ATTEMPTS = 3
    hubspot.queue.extend([(429, {}, fixture("hubspot/rate_limit.json"))] * 3)
    waits: list[float] = []

    run = sync_connection(connection=hubspot_connection, trigger="test", sleep=waits.append)

    assert run.status == SyncStatus.FAILED
    # Without a Retry-After, urllib3's exponential back-off: at once, then 1 s (2, 4 … after).
    assert (waits, run.retries) == ([0.0, 1.0], 2)
    assert run.error == (
        "Searching HubSpot companies failed 3 times; the last answer was: 429. The next sync "
        "tries again."
    )
    assert not Deal.objects.exists()


def test_search_pages_are_followed_to_the_end(hubspot_connection, hubspot):
    hubspot.page_size = 1

    run = sync_connection(connection=hubspot_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert Deal.objects.count() == 2
    assert [search.get("after") for search in hubspot.searches("deals")] == [None, "1"]
