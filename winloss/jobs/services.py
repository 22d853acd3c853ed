"""Starting long work as a task and reporting on it.

A task takes only ids (``job_id`` first) and calls a service; it is queued when the
transaction that created the job commits, so the worker never sees a job that does not exist.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is meant for the person who started the job."""


def enqueue_on_commit(task, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def start_job(*, workspace, user, label: str, task, **kwargs: Any) -> Job:
    job = Job.objects.create(workspace=workspace, created_by=user, label=label)
    enqueue_on_commit(task, job.pk, **kwargs)
    return job


@contextmanager
def running(job_id: int) -> Iterator[Job]:
    """Mark the job running, then finished or failed; the page reads the outcome."""
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started=timezone.now())
    try:
        yield job
    except JobError as error:
        _finish(job, JobStatus.FAILED, error=str(error))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.label)
        _finish(
            job,
            JobStatus.FAILED,
            error="An unexpected error stopped this job. "
            "Nothing was saved; the details are in the server log.",
        )
        raise
    else:
        _finish(
            job,
            JobStatus.SUCCEEDED,
            result=job.result,
            result_url=job.result_url,
            done=job.total if job.total is not None else job.done,
        )


def _finish(job: Job, status: str, **values: Any) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, finished=timezone.now(), **values)
