from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class JobQuerySet(models.QuerySet):
    def stale(self) -> "JobQuerySet":
        """Running jobs whose worker has given no sign of life for ``JOB_STALE_MINUTES``."""
        since = timezone.now() - stale_after()
        # A job started before heartbeats were kept counts from its start.
        quiet = models.Q(heartbeat__lt=since) | models.Q(heartbeat=None, started__lt=since)
        return self.filter(quiet, status=JobStatus.RUNNING)


def stale_after() -> timedelta:
    return timedelta(minutes=settings.JOB_STALE_MINUTES)


class Job(models.Model):
    """Long work a person started (an import, a render): what pages poll for progress.

    A running job's worker stamps ``heartbeat`` while it works; a job whose stamps stop (its
    worker was killed) is stale: shown as stopped, failed by ``winloss fail-stale-jobs``, and
    retried from its page with the task and arguments it was started with.
    """

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    task_path = models.CharField(max_length=200, blank=True)  # to retry it
    task_kwargs = models.JSONField(default=dict, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        last = self.heartbeat or self.started
        return (
            self.status == JobStatus.RUNNING
            and last is not None
            and last < timezone.now() - stale_after()
        )

    @property
    def can_retry(self) -> bool:
        return bool(self.task_path) and (self.status == JobStatus.FAILED or self.is_stale)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def report(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record progress without touching other fields (a page may be reading them)."""
        values: dict = {"done": done, "heartbeat": timezone.now()}
        if total is not None:
            values["total"] = total
        if message:
            values["message"] = message[:300]
        Job.objects.filter(pk=self.pk).update(**values)
        for key, value in values.items():
            setattr(self, key, value)

    def advance(self, by: int = 1) -> None:
        Job.objects.filter(pk=self.pk).update(done=F("done") + by, heartbeat=timezone.now())
        self.done += by


class ScheduledRun(models.Model):
    """One schedule's runs (``jobs.schedules``): when it last ran, how that went, and when it
    runs next.

    ``next_run`` is also the claim: a worker that finds it due moves it forward with an UPDATE
    that only matches while it is still due, and only the worker whose UPDATE changed the row
    queues the run. However many workers look at once, each due run is queued once.
    """

    name = models.CharField(max_length=100, unique=True)
    next_run = models.DateTimeField()
    status = models.CharField(max_length=20, choices=JobStatus.choices, blank=True)
    last_queued = models.DateTimeField(null=True, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)  # what it did, or why it failed
    worker = models.CharField(max_length=100, blank=True)  # host:pid that queued the last run

    class Meta:
        ordering = ["name"]
        verbose_name = "scheduled work"
        verbose_name_plural = "scheduled work"

    def __str__(self) -> str:
        return self.name
