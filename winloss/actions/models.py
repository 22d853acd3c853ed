"""SOP step 10, closing the loop: actions with owners and due dates, tracked to closure, and
relationship follow-ups with lost buyers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.lib.models import Versioned


class ExpectedChange(models.TextChoices):
    MESSAGING = "messaging", "Messaging"
    PROCESS = "process", "Process"
    PRICING = "pricing", "Pricing"
    PRODUCT = "product", "Product"
    ENABLEMENT = "enablement", "Enablement"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


CLOSED = [ActionStatus.DONE, ActionStatus.DROPPED]


class ActionQuerySet(models.QuerySet["Action"]):
    def still_open(self) -> "ActionQuerySet":
        return self.exclude(status__in=CLOSED)

    def overdue(self, today=None) -> "ActionQuerySet":
        return self.still_open().filter(due_date__lt=today or timezone.localdate())


class Action(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    theme = models.ForeignKey(
        "coding.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The finding that justifies it.",
    )
    evidence = models.ManyToManyField("coding.CodedExcerpt", blank=True, related_name="actions")
    escalation = models.ForeignKey(
        "escalations.Escalation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="The escalation this action corrects (SOP steps 9 and 10).",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions"
    )
    due_date = models.DateField()
    expected_change = models.CharField(max_length=20, choices=ExpectedChange.choices)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closure_evidence = models.TextField(
        "what changed", blank=True, help_text="Recorded when the action closes."
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_known"
            ),
            models.CheckConstraint(
                condition=Q(expected_change__in=ExpectedChange.values),
                name="action_change_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | ~Q(closure_evidence=""),
                name="done_action_says_what_changed",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="action_owner_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status not in CLOSED and self.due_date < timezone.localdate()


class FollowUp(models.Model):
    """A check back with a lost buyer: the relationship outlives the deal."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="follow_ups"
    )
    entry = models.OneToOneField(
        "programs.SampleEntry", on_delete=models.CASCADE, related_name="follow_up"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_date = models.DateField("check back on")
    outcome = models.TextField("what came of it", blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_date", "pk"]

    def __str__(self) -> str:
        return f"Follow up with {self.entry.deal}"
