from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """Long work a person started (an import, a render): what pages poll for progress."""

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

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def report(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record progress without touching other fields (a page may be reading them)."""
        values: dict = {"done": done}
        if total is not None:
            values["total"] = total
        if message:
            values["message"] = message[:300]
        Job.objects.filter(pk=self.pk).update(**values)
        for key, value in values.items():
            setattr(self, key, value)

    def advance(self, by: int = 1) -> None:
        Job.objects.filter(pk=self.pk).update(done=F("done") + by)
        self.done += by
