"""Starting long work as a task, reporting on it, and noticing when its worker died.

A task takes only ids (``job_id`` first) and calls a service; it is queued when the
transaction that created the job commits, so the worker never sees a job that does not exist.
While a job runs, a small thread stamps its heartbeat; a killed worker stops stamping, and
``fail_stale_jobs`` (scheduled every few minutes, or ``winloss fail-stale-jobs``) marks its job
failed so the page stops saying "Running" and offers to retry.

Scheduled work (``schedules``) is queued by ``scheduler.tick`` and run here by
``run_schedule``, which records on the schedule's ``ScheduledRun`` how the run went.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from winloss.activity.services import log_action
from winloss.lib.enqueue import enqueue_on_commit
from winloss.lib.errors import DomainError

from . import schedules
from .models import Job, JobStatus, ScheduledRun

logger = logging.getLogger(__name__)

STOPPED = (
    "The worker running this job stopped without finishing (its last sign of life was at "
    "{last:%Y-%m-%d %H:%M} UTC). Part of the work may have been saved; retrying does the whole "
    "job again and keeps what is already there."
)


class JobError(DomainError):
    """A failure whose message is meant for the person who started the job."""


def start_job(*, workspace, user, label: str, task, **kwargs: Any) -> Job:
    job = Job.objects.create(
        workspace=workspace,
        created_by=user,
        label=label,
        task_path=task.module_path,
        task_kwargs=kwargs,
    )
    enqueue_on_commit(task, job.pk, **kwargs)
    return job


@contextmanager
def running(job_id: int) -> Iterator[Job]:
    """Mark the job running, then finished or failed; the page reads the outcome."""
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started=now, heartbeat=now)
    heartbeat = _Heartbeat(job_id)
    try:
        yield job
    except JobError as error:
        heartbeat.stop()
        _finish(job, JobStatus.FAILED, error=str(error))
    except Exception:
        heartbeat.stop()
        logger.exception("Job %s (%s) failed", job.pk, job.label)
        _finish(
            job,
            JobStatus.FAILED,
            error="An unexpected error stopped this job; the details are in the server log. "
            "Retry it, and tell your workspace admin if it fails again.",
        )
        raise
    else:
        heartbeat.stop()
        _finish(
            job,
            JobStatus.SUCCEEDED,
            result=job.result,
            result_url=job.result_url,
            done=job.total if job.total is not None else job.done,
        )


class _Heartbeat:
    """Stamps the job every ``JOB_HEARTBEAT_SECONDS`` from its own thread and connection,
    so a long step that reports no progress still shows the worker is alive."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None
        # Inside a transaction (a test, or a task run inline) another connection could
        # neither see the job nor write beside it; the work is in this request anyway.
        if not connection.in_atomic_block:
            self.thread = threading.Thread(target=self._beat, daemon=True)
            self.thread.start()

    def _beat(self) -> None:
        try:
            while not self.stopping.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    Job.objects.filter(pk=self.job_id).update(heartbeat=timezone.now())
                except DatabaseError:  # busy for longer than the timeout: next beat
                    logger.warning("Job %s: heartbeat skipped", self.job_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join()


def _finish(job: Job, status: str, **values: Any) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, finished=timezone.now(), **values)


def fail_stale_jobs() -> int:
    """Mark failed every running job whose worker stopped stamping it; how many there were."""
    failed = 0
    for job in Job.objects.stale():
        last = job.heartbeat or job.started
        # Only if still stale when written: a late heartbeat means the worker lives.
        failed += (
            Job.objects.stale()
            .filter(pk=job.pk)
            .update(
                status=JobStatus.FAILED, finished=timezone.now(), error=STOPPED.format(last=last)
            )
        )
    return failed


@transaction.atomic
def retry_job(*, job: Job, user) -> Job:
    """Start the failed (or stopped) ``job``'s task again, as a new job with its arguments."""
    if not job.can_retry:
        raise JobError("Only a job that failed or stopped can be retried.")
    if job.status == JobStatus.RUNNING:
        fail_stale_jobs()
    task = import_string(job.task_path)
    retry = start_job(
        workspace=job.workspace, user=user, label=job.label, task=task, **job.task_kwargs
    )
    log_action(job.workspace, "job.retried", user=user, data={"label": job.label})
    return retry


def run_schedule(name: str) -> str:
    """Run the scheduled work ``name`` now, recording its start, end and outcome for the
    admins; what it did, in a line. A failure is recorded, then raised for the task's result
    and the worker's log: the schedule's next run is already set, so it is tried again then."""
    schedule = schedules.named(name)
    record = ScheduledRun.objects.filter(name=name)
    if schedule is None:  # turned off (SCHEDULE) or removed since it was queued
        record.update(status=JobStatus.SUCCEEDED, summary="Not run: no longer scheduled.")
        return ""
    record.update(status=JobStatus.RUNNING, last_started=timezone.now(), last_finished=None)
    try:
        summary = schedule.says(schedule.run())
    except Exception as error:
        logger.exception("Scheduled work %s failed", name)
        said = str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}"
        said = said or type(error).__name__
        record.update(status=JobStatus.FAILED, last_finished=timezone.now(), summary=said[:300])
        raise
    record.update(status=JobStatus.SUCCEEDED, last_finished=timezone.now(), summary=summary[:300])
    return summary
