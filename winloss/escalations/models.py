"""SOP step 9: issues that need attention now, routed to an owner and tracked."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.lib.models import Versioned


class Category(models.TextChoices):
    MISREPRESENTATION = "misrepresentation", "Misrepresentation of product capability"
    CONTRACT_PRIVACY = "contract_privacy_compliance", "Contract, privacy or compliance concern"
    CHURN_RISK = "churn_risk", "Severe dissatisfaction or churn risk"
    PRICING_BOTTLENECK = "pricing_approval_bottleneck", "Repeated pricing or approval bottleneck"
    SAFETY_LEGAL = "safety_legal_ethical", "Safety, legal or ethical concern"
    # Not one of the SOP's five headings, but what its "compliance" and "safety" concerns most
    # often are in software deals, and it needs a security owner rather than legal or sales.
    SECURITY_RISK = "security_risk", "Security risk: a vulnerability, breach or weak protection"


class EscalationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def unacknowledged(self) -> "EscalationQuerySet":
        return self.filter(status=EscalationStatus.OPEN)

    def overdue(self, today: dt.date | None = None) -> "EscalationQuerySet":
        today = today or timezone.localdate()
        return self.exclude(status=EscalationStatus.RESOLVED).filter(expected_response_by__lt=today)


class Escalation(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="escalations"
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    category = models.CharField(max_length=40, choices=Category.choices)
    passage = models.TextField(help_text="What the respondent said, as noted.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_escalations"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    expected_response_by = models.DateField("expected response by")
    status = models.CharField(
        max_length=20, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    source = models.CharField(max_length=20, default="manual")  # manual, coding, interview

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["status", "expected_response_by", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="escalation_category_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EscalationStatus.values), name="escalation_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=EscalationStatus.RESOLVED) | ~Q(resolution=""),
                name="resolved_escalation_says_how",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="escalation_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.passage[:50]}"

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != EscalationStatus.RESOLVED
            and self.expected_response_by < timezone.localdate()
        )


class WebhookKind(models.TextChoices):
    SLACK = "slack", "Slack incoming webhook"
    TEAMS = "teams", "Microsoft Teams incoming webhook"


class ChatWebhook(models.Model):
    """Where a workspace's new escalations are also announced, besides the owner's email."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=WebhookKind.choices)
    url = models.URLField(max_length=500)
    enabled = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.workspace}"
