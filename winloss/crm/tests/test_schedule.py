"""The hourly sync runs inside the workers, each enabled connection once."""

from winloss.crm.models import CrmConnection, SyncRun, SyncStatus
from winloss.deals.models import Deal
from winloss.jobs.services import run_schedule


def test_the_schedule_syncs_each_enabled_connection(salesforce_connection):
    said = run_schedule("crm.sync")

    assert said == "1 CRM sync run."
    run = SyncRun.objects.get()
    assert (run.trigger, run.status, run.user) == ("schedule", SyncStatus.SUCCEEDED, None)
    assert Deal.objects.count() == 3


def test_a_connection_turned_off_is_left_to_sync_now(salesforce_connection):
    CrmConnection.objects.update(enabled=False)

    assert run_schedule("crm.sync") == "0 CRM syncs run."
    assert not SyncRun.objects.exists()
