"""Copies outside the interview records that a purge also clears: CRM files uploaded for
imports, and the rows the background-task queue keeps of finished tasks (their arguments)."""

import datetime as dt

from django.utils import timezone

UPLOADS_KEPT_DAYS = 7  # long enough to check a file, import it and fix its rejected rows


def delete_old_uploads(workspace, *, now: dt.datetime | None = None) -> int:
    """Delete the workspace's stored import uploads and rejected-row files older than
    ``UPLOADS_KEPT_DAYS``: CRM exports name every contact. How many files went."""
    from winloss.deals.imports.stored import imports_folder

    folder = imports_folder(workspace)
    if not folder.is_dir():
        return 0
    oldest_kept = (now or timezone.now()).timestamp() - UPLOADS_KEPT_DAYS * 86400
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < oldest_kept:
            path.unlink(missing_ok=True)
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
