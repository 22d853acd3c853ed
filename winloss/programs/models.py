from django.conf import settings
from django.db import models
from django.db.models import F, Q

from winloss.accounts.models import Workspace
from winloss.deals.models import STUDY_OUTCOMES, Outcome


class ResearchQuestion(models.TextChoices):
    PRICING = "pricing", "Pricing"
    COMPETITION = "competition", "Competition"
    MESSAGING = "messaging", "Messaging"
    PRODUCT_FIT = "product_fit", "Product fit"
    BUYING_PROCESS = "buying_process", "Buying process"


class Cadence(models.TextChoices):
    ONCE = "once", "One wave"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Program(models.Model):
    """One wave of the win-loss program (SOP step 1: objective and scope)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="programs")
    name = models.CharField(max_length=200)
    objective = models.TextField(
        blank=True, help_text="The purpose of this wave: what the business needs to learn."
    )
    deal_types = models.JSONField(
        default=list, blank=True, help_text="Outcomes in scope: won, lost, no decision, …"
    )
    product_lines = models.JSONField(default=list, blank=True)
    regions = models.JSONField(default=list, blank=True)
    industries = models.JSONField(default=list, blank=True)
    tiers = models.JSONField("account tiers", default=list, blank=True)
    window_start = models.DateField("deals closed from", null=True, blank=True)
    window_end = models.DateField("deals closed until", null=True, blank=True)
    research_questions = models.JSONField(default=list, blank=True)
    other_questions = models.TextField(
        "other research questions", blank=True, help_text="One question per line."
    )
    target_sample_size = models.PositiveIntegerField(default=20)
    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.ONCE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_programs",
    )
    status = models.CharField(
        max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    previous_wave = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_waves"
    )
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # The fields that make up the scope: a change to any of them goes into the program log.
    SCOPE_FIELDS = (
        "name",
        "objective",
        "deal_types",
        "product_lines",
        "regions",
        "industries",
        "tiers",
        "window_start",
        "window_end",
        "research_questions",
        "other_questions",
        "target_sample_size",
        "cadence",
        "owner",
        "status",
    )

    # How the program log spells the codes stored in list fields.
    LOG_CHOICES = {"deal_types": Outcome.choices, "research_questions": ResearchQuestion.choices}

    class Meta:
        ordering = ["-window_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="program_name_unique"),
            models.CheckConstraint(
                condition=Q(target_sample_size__gte=1), name="program_target_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True)
                | Q(window_end__isnull=True)
                | Q(window_end__gte=F("window_start")),
                name="program_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_deal_types(self) -> list[str]:
        return [t for t in self.deal_types if t in STUDY_OUTCOMES]

    @property
    def scope_is_defined(self) -> bool:
        """SOP step 1 is done when purpose, deal types and window are recorded."""
        return bool(self.objective and self.deal_types and self.window_start and self.window_end)
