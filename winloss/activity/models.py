from typing import TYPE_CHECKING, Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    pass


class AppendOnlyError(RuntimeError):
    """The audit trail is documented information: entries are written once, never changed."""


# Keys of ``data`` that held what a respondent or interviewer said or typed, in entries written
# before the log stopped keeping words: a purge or a deletion request removes them.
WORD_KEYS = frozenset(
    {"text", "reason", "comments", "passage", "file", "roles", "location", "concerns"}
)
REMOVED = "[removed]"


class LogEntryQuerySet(models.QuerySet["LogEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Log entries cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Log entries cannot be deleted.")

    def for_object(self, obj: models.Model) -> "LogEntryQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class LogEntry(models.Model):
    workspace = models.ForeignKey(
        "accounts.Workspace", null=True, on_delete=models.CASCADE, related_name="log_entries"
    )
    created = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who acted, as they were called then: survives the user's deletion, names the CLI or a token.
    actor = models.CharField(max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    data = models.JSONField(default=dict, blank=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created"], name="log_object_idx"),
            models.Index(fields=["workspace", "-created"], name="log_workspace_idx"),
        ]
        verbose_name_plural = "log entries"

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Log entries cannot be deleted.")

    def _remove_words(self, *, names: bool) -> bool:
        """Blank the words in memory; whether anything changed."""
        data = {k: REMOVED if k in WORD_KEYS and v not in ("", None) else v
                for k, v in self.data.items()}  # fmt: skip
        changes, name = self.changes, self.object_repr
        if names:
            changes = {k: [REMOVED if v not in ("", None) else v for v in pair]
                       for k, pair in self.changes.items()}  # fmt: skip
            name = f"{ContentType.objects.get_for_id(self.content_type_id).name} {self.object_id}"
        if (data, changes, name) == (self.data, self.changes, self.object_repr):
            return False
        self.data, self.changes, self.object_repr = data, changes, name
        return True


class FiguresVersion(models.Model):
    """A workspace's data version: a new token in the same transaction as every logged change
    (``log_action``), so a figure cached under the token it was computed with is never served
    after the data it came from changed (``activity.figures``)."""

    workspace = models.OneToOneField(
        "accounts.Workspace", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"figures of workspace {self.workspace_id}: {self.token}"
