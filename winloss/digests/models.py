"""What people follow, how their weekly digest reaches them, and what was already sent.

A member follows a theme, a competitor, a segment or a program (each one of the evidence
library's filters); once a week they get one digest of what is new there, built as their own
role would see the pages. ``DigestSent`` and ``SummaryNotice`` are the claims that make each
message go once: a unique row is written before sending, and given back if sending fails.
"""

from django.conf import settings
from django.db import models

from winloss.accounts.models import Workspace
from winloss.lib.chat import KINDS


class Follows(models.TextChoices):
    """What can be followed: the names are the evidence library's filter fields."""

    THEME = "theme", "Theme"
    COMPETITOR = "competitor", "Competitor"
    SEGMENT = "segment", "Segment"
    PROGRAM = "program", "Program"


class Subscription(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    follows = models.CharField(max_length=20, choices=Follows.choices)
    value = models.CharField(max_length=200)  # the filter's value: a slug, an id or a segment
    label = models.CharField(max_length=300)  # its name when followed, for the list
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follows", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "member", "follows", "value"], name="subscription_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(follows__in=Follows.values), name="subscription_follows_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_follows_display()}: {self.label}"


class DigestSettings(models.Model):
    """How a member's digest is delivered in a workspace: by email, and to a chat channel of
    their own (a Slack or Teams incoming webhook) if they gave one."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by_email = models.BooleanField(default=True)
    chat_kind = models.CharField(max_length=20, choices=KINDS, blank=True)
    chat_url = models.URLField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "member"], name="digest_settings_unique"),
        ]

    def __str__(self) -> str:
        return f"Digest settings of {self.member} in {self.workspace}"


class DigestSent(models.Model):
    """One member's digest of one week (``week`` is its Monday): the claim that it went."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    sent_at = models.DateTimeField()
    excerpts = models.PositiveIntegerField(default=0)
    actions = models.PositiveIntegerField(default=0)
    figures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "member", "week"], name="digest_sent_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.week} for {self.member}"


class SummaryNotice(models.Model):
    """The account team was told that its deal's interview summary is ready: once each."""

    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="+"
    )
    to = models.EmailField()
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Summary notice for interview {self.interview_id}"
