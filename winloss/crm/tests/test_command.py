"""``winloss sync-crm`` from the command line."""

import pytest
from django.core.management import CommandError, call_command

from winloss.crm.models import SyncRun
from winloss.deals.models import Account, Contact, Deal


def test_help_names_the_crms_it_speaks(capsys):
    with pytest.raises(SystemExit):
        call_command("sync_crm", "--help")
    assert "Salesforce or HubSpot" in capsys.readouterr().out


def test_dry_run_counts_and_writes_nothing(salesforce_connection, capsys):
    call_command("sync_crm", "--workspace", "acme", "--dry-run")

    out = capsys.readouterr().out
    assert out.startswith("Would sync: accounts 2 new, 0 updated, 0 unchanged, deals 3 new")
    assert not Deal.objects.exists() and not Account.objects.exists()
    assert not Contact.objects.exists()
    salesforce_connection.refresh_from_db()
    assert salesforce_connection.cursor is None
    assert SyncRun.objects.get().dry_run


def test_since_asks_for_changes_after_that_date(salesforce_connection, salesforce, capsys):
    call_command("sync_crm", "--workspace", "acme", "--since", "2025-03-05")

    assert all("WHERE SystemModstamp > 2025-03-05T00:00:00Z" in q for q in salesforce.queries)
    assert Deal.objects.count() == 3  # every opportunity changed that day


def test_a_workspace_without_a_connection_is_told_so(workspace):
    with pytest.raises(CommandError, match="acme has no CRM connection"):
        call_command("sync_crm", "--workspace", "acme")


def test_a_rejected_run_lists_the_records_and_fails(salesforce_connection, salesforce, capsys):
    salesforce.record("Opportunity", "006D000000CuSnIIAV")["CloseDate"] = None

    with pytest.raises(CommandError):
        call_command("sync_crm", "--workspace", "acme")

    out = capsys.readouterr().out
    assert "Opportunity 006D000000CuSnIIAV, CloseDate: A deal lost to competitor needs" in out
