"""Background work for the CRM sync: the "Sync now" button's run."""

from django_tasks import task

from winloss.jobs.services import JobError, running

from .models import CrmConnection, SyncStatus
from .sync import SyncFailed, summary, sync_connection


@task()
def sync_crm_now(job_id: int) -> None:
    with running(job_id) as job:
        connection = CrmConnection.objects.filter(workspace=job.workspace).first()
        if connection is None:
            raise JobError("The workspace has no CRM connection any more.")
        who = job.created_by.email if job.created_by else "an admin"
        try:
            run = sync_connection(connection=connection, user=job.created_by,
                                  trigger=f"Sync now by {who}")  # fmt: skip
        except SyncFailed as error:
            raise JobError(str(error)) from None
        job.message = summary(run)[:300]
        job.result_url = f"/w/{job.workspace.slug}/crm/"
        if run.status != SyncStatus.SUCCEEDED:
            raise JobError(summary(run))
