"""Copies outside the interview records that a purge also clears: CRM files uploaded for
imports, and the rows the background-task queue keeps of finished tasks (their arguments)."""

import datetime as dt

from django.core.files.storage import default_storage
from django.utils import timezone

from winloss.lib.files import walk

UPLOADS_KEPT_DAYS = 7  # long enough to check a file, import it and fix its rejected rows


def delete_old_uploads(workspace, *, now: dt.datetime | None = None) -> int:
    """Delete the workspace's stored import uploads and rejected-row files older than
    ``UPLOADS_KEPT_DAYS``: CRM exports name every contact. How many files went."""
    from winloss.deals.imports.stored import imports_folder

    oldest_kept = (now or timezone.now()) - dt.timedelta(days=UPLOADS_KEPT_DAYS)
    deleted = 0
    for name in list(walk(imports_folder(workspace))):
        if default_storage.get_modified_time(name) < oldest_kept:
            default_storage.delete(name)
            deleted += 1
    return deleted


def delete_finished_tasks(workspace, before: dt.datetime) -> int:
    """Finished rows of the database task queue, and the workspace's finished jobs (an import's
    keeps the rejected rows' values), older than ``before``: they keep each task's arguments
    and result, and nothing reads them once the task is done. How many task rows went."""
    from django_tasks_db.models import DBTaskResult

    from winloss.jobs.models import Job, JobStatus

    finished = [JobStatus.SUCCEEDED, JobStatus.FAILED]
    Job.objects.filter(workspace=workspace, status__in=finished, finished__lt=before).delete()
    return DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()[0]
