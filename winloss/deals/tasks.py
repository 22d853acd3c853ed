"""Background work for deals: importing a stored CRM file (``imports.background`` starts it)."""

from django_tasks import task

from winloss.jobs.models import Job
from winloss.jobs.services import JobError, running

from .imports import ImportFailed
from .imports.enrich import import_file
from .imports.mappings import saved_columns
from .imports.rejects import store_rejected
from .imports.stored import open_upload


@task()
def import_deals_file(
    job_id: int,
    *,
    path: str,
    file_name: str = "",
    file_format: str = "auto",
    columns: dict[str, str] | None = None,
    mapping_name: str = "",
    stage_outcomes: dict[str, str] | None = None,
    date_order: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
) -> None:
    with running(job_id) as job:
        workspace, user = job.workspace, job.created_by
        try:
            if mapping_name:
                columns = {
                    **saved_columns(workspace=workspace, name=mapping_name),
                    **(columns or {}),
                }
            with open_upload(path) as source:
                result = import_file(
                    workspace=workspace,
                    source=source,
                    user=user,
                    file_name=file_name,
                    file_format=file_format,
                    mapping=columns,
                    stage_outcomes=stage_outcomes,
                    date_order=date_order,
                    dry_run=dry_run,
                    valid_only=valid_only,
                    progress=job.report,
                )
        except ImportFailed as error:
            raise JobError(str(error)) from None
        job.result = {
            **result.as_dict(),
            "summary": result.summary(),
            "dry_run": dry_run,
            "valid_only": valid_only,
            # The rejected rows go in a file, not the job: up to 10,000 rows of every column.
            **store_rejected(workspace=workspace, result=result),
        }
        job.message = result.summary()[:300]
        job.total = result.rows
        if result.stopped and not dry_run:
            # Kept before failing: the page lists the errors and offers the rejected rows.
            Job.objects.filter(pk=job.pk).update(result=job.result, total=result.rows)
            raise JobError(result.summary())
