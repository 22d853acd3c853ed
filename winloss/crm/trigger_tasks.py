"""Background work of a CRM's signed call: read the named deals again, then the trigger."""

import contextlib

from django_tasks import task

from winloss.deals.models import Deal

from .models import CrmConnection
from .sync import SyncFailed, sync_connection
from .triggers import deal_closed


@task()
def sync_after_webhook(connection_id: int, crm_ids: list[str], said_by: str) -> None:
    """The CRM said these deals changed: a sync reads only them from the CRM, through the
    usual checks, never the call's own fields; each named deal that is closed then meets the
    trigger. While another sync runs this one is skipped: the hourly sync reads them too."""
    connection = CrmConnection.objects.filter(pk=connection_id).first()
    if connection is None:
        return
    with contextlib.suppress(SyncFailed):
        sync_connection(connection=connection, trigger=said_by, crm_ids=crm_ids)
    for deal in Deal.objects.filter(workspace=connection.workspace, crm_id__in=crm_ids):
        deal_closed(deal)
