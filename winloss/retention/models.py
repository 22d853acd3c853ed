"""How long a workspace keeps what respondents said, and every purge that applied it.

Notes and transcripts are emptied after ``days``; coded excerpts stay with their theme and
direction, their words anonymised, so findings and published reports outlive the words. The
consent texts respondents read promise exactly this (``outreach.consent``'s
``{retention_days}`` is this policy's ``days``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.lib.models import Versioned

DEFAULT_DAYS = 365  # what the default consent statement has always said
MAX_DAYS = 36500


class RetentionPolicy(Versioned):
    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="retention_policy"
    )
    days = models.PositiveIntegerField(
        "keep notes and transcripts for (days)",
        null=True,
        blank=True,
        default=DEFAULT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)],
        help_text="Counted from the day the interview was completed. Leave empty to keep them "
        "until you change this.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "retention policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gte=1), name="retention_days_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Keep {self.days} days" if self.days else "Keep until changed"


class PurgeRun(models.Model):
    """One application of the policy: what it emptied, by whom (or the daily schedule)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(max_length=254)  # the person's email, or "schedule"
    days = models.PositiveIntegerField(null=True)  # empty: only shorter promises applied
    cutoff = models.DateField(
        null=True, help_text="Interviews completed before this day were purged."
    )
    interviews = models.PositiveIntegerField(default=0)
    transcripts = models.PositiveIntegerField(default=0)
    turns = models.PositiveIntegerField(default=0)
    notes = models.PositiveIntegerField(default=0)
    revisions = models.PositiveIntegerField(default=0)
    excerpts = models.PositiveIntegerField("excerpts anonymised", default=0)
    escalations = models.PositiveIntegerField("escalation passages anonymised", default=0)
    memos = models.PositiveIntegerField("memos emptied", default=0, db_default=0)
    appointments = models.PositiveIntegerField("appointments emptied", default=0)
    survey_responses = models.PositiveIntegerField(
        "survey responses emptied", default=0, db_default=0
    )
    log_entries = models.PositiveIntegerField("history entries without their words", default=0)
    files = models.PositiveIntegerField("uploaded files deleted", default=0)
    tasks = models.PositiveIntegerField("finished task rows deleted", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Purge of {self.started_at:%Y-%m-%d %H:%M}"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}

    def housekeeping(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in HOUSEKEEPING}


COUNTS = (
    "interviews",
    "transcripts",
    "turns",
    "notes",
    "revisions",
    "excerpts",
    "escalations",
    "memos",
    "appointments",
    "survey_responses",
)
# Counted when a purge runs, not previewed: history entries, uploads and task rows.
HOUSEKEEPING = ("log_entries", "files", "tasks")
SCHEDULE = "schedule"
# What a memo about a purged interview (or one of its excerpts) is called once its words go:
# the team's memos may name the respondent, so they are emptied like the notes.
MEMO_REMOVED = "[words removed]"
