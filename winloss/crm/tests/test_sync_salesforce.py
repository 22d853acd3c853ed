"""Syncing from a local Salesforce that answers as Salesforce documents."""

import datetime as dt
from decimal import Decimal

from winloss.activity.models import LogEntry
from winloss.crm.models import SyncStatus
from winloss.crm.sync import describe_error, sync_connection
from winloss.deals.models import Account, Competitor, Contact, Deal

WON, LOST, OPEN = "006D000000CuSnHIAV", "006D000000CuSnIIAV", "006D000000CuSnJIAV"


def test_first_sync_creates_deals_accounts_contacts_and_competitors(
    salesforce_connection, salesforce
):
    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error or run.errors
    won = Deal.objects.get(crm_id=WON)
    assert (won.name, won.outcome, won.close_date, won.amount) == (
        "Edge Emergency Generator", "won", dt.date(2025, 2, 21), Decimal("75000"),
    )  # fmt: skip
    assert won.account.name == "Edge Communications" and won.account.industry == "Electronics"
    assert won.owner_name == "Marc Benioff"
    assert Deal.objects.get(crm_id=LOST).outcome == "lost"
    assert Deal.objects.get(crm_id=OPEN).outcome == "open"
    assert set(Account.objects.values_list("crm_id", flat=True)) == {
        "001D000000IRFmaIAH", "001D000000IqhSLIAZ",
    }  # fmt: skip
    assert Deal.objects.get(crm_id=LOST).primary_competitor.name == "Dickenson plc"
    assert set(Competitor.objects.values_list("name", flat=True)) == {"Dickenson plc", "GenePoint"}
    rose = Contact.objects.get(crm_id="003D000000QV9n2IAD")
    assert (rose.name, rose.email, rose.title) == (
        "Rose Gonzalez", "rose@edge.example.com", "SVP, Procurement",
    )  # fmt: skip
    assert list(won.contacts.all()) == [rose]
    assert run.counts["deals"] == {"created": 3, "updated": 0, "unchanged": 0, "rejected": 0}
    assert run.counts["contacts"]["created"] == 2
    # The first sync asks for everything; the cursor is the newest change it saw.
    assert len(salesforce.queries) == 5 and not any("WHERE" in q for q in salesforce.queries)
    assert run.cursor == dt.datetime(2025, 3, 5, 11, 10, tzinfo=dt.UTC)
    salesforce_connection.refresh_from_db()
    assert salesforce_connection.cursor == run.cursor
    # The history says what the imports say: the same entries as a file import.
    assert LogEntry.objects.filter(action="deals.imported").count() == 1
    assert "OpportunityCompetitor: 2 new competitors were added: Dickenson plc, GenePoint." in (
        run.notes
    )


def test_second_sync_sends_the_cursor_and_updates_only_what_changed(
    salesforce_connection, salesforce
):
    sync_connection(connection=salesforce_connection, trigger="test")
    lost = salesforce.record("Opportunity", LOST)
    lost.update(Amount=250000.0, SystemModstamp="2025-03-06T08:00:00.000+0000")
    salesforce.seen.clear()

    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error or run.errors
    assert all("WHERE SystemModstamp > 2025-03-05T11:10:00Z" in q for q in salesforce.queries)
    assert run.counts["deals"] == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    assert run.counts["accounts"]["created"] == run.counts["accounts"]["updated"] == 0
    assert Deal.objects.get(crm_id=LOST).amount == Decimal("250000")
    assert run.since == dt.datetime(2025, 3, 5, 11, 10, tzinfo=dt.UTC)
    assert run.cursor == dt.datetime(2025, 3, 6, 8, 0, tzinfo=dt.UTC)


def test_a_closed_opportunity_without_a_close_date_rejects_the_run_and_saves_nothing(
    salesforce_connection, salesforce
):
    salesforce.record("Opportunity", LOST)["CloseDate"] = None

    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.REJECTED
    assert [describe_error(e) for e in run.errors] == [
        f"Opportunity {LOST}, CloseDate: A deal lost to competitor needs a close date."
    ]
    assert not Deal.objects.exists() and not Account.objects.exists()
    assert not LogEntry.objects.filter(action="deals.imported").exists()
    salesforce_connection.refresh_from_db()
    assert salesforce_connection.cursor is None  # the next sync asks again


def test_a_busy_salesforce_is_asked_again_after_a_pause(salesforce_connection, salesforce):
    salesforce.queue.append(
        (
            503,
            {"Retry-After": "2"},
            [{"message": "Server unavailable", "errorCode": "SERVER_UNAVAILABLE"}],
        )
    )
    waits: list[float] = []

    run = sync_connection(connection=salesforce_connection, trigger="test", sleep=waits.append)

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert (waits, run.retries) == ([2.0], 1)
    assert Deal.objects.count() == 3


def test_refused_credentials_fail_the_run_with_what_salesforce_said(
    salesforce_connection, salesforce
):
    salesforce.client_secret = "rotated"

    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.FAILED
    assert (
        "Salesforce refused the consumer key and secret (invalid client credentials)" in run.error
    )
    assert "Traceback" not in run.error and not Deal.objects.exists()


def test_answers_in_several_pages_are_read_to_the_end(salesforce_connection, salesforce):
    salesforce.page_size = 1

    run = sync_connection(connection=salesforce_connection, trigger="test")

    assert run.status == SyncStatus.SUCCEEDED, run.error
    assert Deal.objects.count() == 3 and Contact.objects.count() == 2
    assert sum("/query/01g" in s.path for s in salesforce.seen) == 6  # 1 + 2 + 1 + 1 + 1 more
