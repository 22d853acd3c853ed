from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from winloss.accounts.models import Workspace
from winloss.deals.models import STUDY_OUTCOMES, Outcome
from winloss.lib.models import Tracked


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


# A figure over fewer interviews than this is "too few to tell" (a program may set its own).
MIN_PER_OUTCOME = 5


class Program(Tracked):
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
    # The SOP asks for recent closed deals: buyers soon forget what decided a deal. Deals that
    # closed longer ago than this are flagged wherever the window or the sample reaches them.
    recency_days = models.PositiveIntegerField(
        "recent means closed within (days)",
        default=90,
        help_text="The window and the sample are flagged when they reach deals closed earlier.",
    )
    research_questions = models.JSONField(default=list, blank=True)
    other_questions = models.TextField(
        "other research questions", blank=True, help_text="One question per line."
    )
    target_sample_size = models.PositiveIntegerField(default=20)
    # One length for the whole wave: the invitation, the buyer's page, the slots and the .ics.
    interview_minutes = models.PositiveIntegerField(
        "interview length (minutes)",
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(180)],
        help_text="How long each interview takes, as the invitation and calendar say.",
    )
    min_per_outcome = models.PositiveSmallIntegerField(
        "fewest interviews per outcome to report",
        default=MIN_PER_OUTCOME,
        help_text="A figure whose base holds fewer interviews reads “too few to tell”; "
        "publishing with fewer per outcome needs an acknowledgement printed in the report.",
    )
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
        "recency_days",
        "research_questions",
        "other_questions",
        "target_sample_size",
        "interview_minutes",
        "min_per_outcome",
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
                condition=Q(min_per_outcome__gte=1), name="program_minimum_at_least_one"
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


# SOP step 2: the sample ------------------------------------------------------------------


class Allocation(models.TextChoices):
    PROPORTIONAL = "proportional", "Proportional to the pipeline"
    BALANCED = "balanced", "Balanced per outcome"


class SampleDraw(models.Model):
    """One documented draw of a program's sample: the settings, the seed and what was kept out.

    Everything needed to repeat the draw is stored here, so the sample can be defended (and
    reproduced) long after the pipeline has moved on.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="draws")
    size = models.PositiveIntegerField()
    allocation = models.CharField(max_length=20, choices=Allocation.choices)
    dimension = models.CharField(
        "segment dimension", max_length=20, blank=True, help_text="The segment field stratified."
    )
    band_edges = models.JSONField(
        "deal-size band edges", default=list, blank=True, help_text="Amounts where bands begin."
    )
    band_method = models.CharField(max_length=20, blank=True)
    # When the scope held several currencies: the one the edges are in (the others' deals
    # are a band of their own); "" when it held one.
    band_currency = models.CharField(max_length=3, blank=True, default="", db_default="")
    min_per_cell = models.PositiveIntegerField(default=1)
    recent_days = models.PositiveIntegerField(default=180)
    seed = models.BigIntegerField()
    eligible = models.PositiveIntegerField(default=0)
    excluded = models.JSONField(default=dict, blank=True)  # reason → number of deals
    cells = models.JSONField(default=list, blank=True)  # per stratum: eligible, allocated, drawn
    notes = models.JSONField(default=list, blank=True)  # warnings said when it was drawn
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discard_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(discarded_at__isnull=True),
                name="one_current_draw_per_program",
            ),
        ]

    def __str__(self) -> str:
        return f"Sample of {self.size} for {self.program}"


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", "Replacement proposed"
    SELECTED = "selected", "Selected"
    INTERVIEWED = "interviewed", "Interviewed"
    DECLINED = "declined", "Declined"
    UNREACHABLE = "unreachable", "Unreachable"
    REMOVED = "removed", "Removed"


# Entries that hold a place in the sample (and keep the account out of other samples).
ACTIVE_STATUSES = [EntryStatus.PROPOSED, EntryStatus.SELECTED, EntryStatus.INTERVIEWED]
REFUSAL_STATUSES = [EntryStatus.DECLINED, EntryStatus.UNREACHABLE]


class EntrySource(models.TextChoices):
    DRAWN = "drawn", "Drawn at random"
    MANUAL = "manual", "Added by hand"
    REPLACEMENT = "replacement", "Replacement"
    CRM_TRIGGER = "crm_trigger", "Added when its deal closed"


class SampleEntryQuerySet(models.QuerySet["SampleEntry"]):
    def active(self) -> "SampleEntryQuerySet":
        return self.filter(status__in=ACTIVE_STATUSES)

    def current(self, program: Program) -> "SampleEntryQuerySet":
        return self.filter(program=program, draw__discarded_at__isnull=True)


class SampleEntry(Tracked):
    """A deal in a program's sample, with its stratum and the reason it is there."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sample")
    draw = models.ForeignKey(SampleDraw, on_delete=models.CASCADE, related_name="entries")
    deal = models.ForeignKey("deals.Deal", on_delete=models.PROTECT, related_name="sample_entries")
    contact = models.ForeignKey(
        "deals.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The respondent to approach.",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    segment = models.CharField(max_length=200, blank=True)
    band = models.CharField("deal-size band", max_length=100, blank=True)
    status = models.CharField(
        max_length=20, choices=EntryStatus.choices, default=EntryStatus.SELECTED
    )
    source = models.CharField(max_length=20, choices=EntrySource.choices)
    reason = models.TextField("why it was picked")
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )
    refusal_reason = models.TextField(blank=True)
    removal_reason = models.TextField(blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sample_assignments",
    )
    interviewed_on = models.DateField(null=True, blank=True)

    objects = SampleEntryQuerySet.as_manager()

    class Meta:
        ordering = ["outcome", "segment", "band", "pk"]
        verbose_name_plural = "sample entries"
        constraints = [
            models.UniqueConstraint(fields=["draw", "deal"], name="deal_once_per_draw"),
            models.CheckConstraint(
                condition=Q(status__in=EntryStatus.values), name="sample_entry_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"], name="sample_entry_status_idx"),
            models.Index(fields=["workspace", "status", "created"], name="sample_recent_idx"),
        ]

    def __str__(self) -> str:
        return str(self.deal)

    @property
    def stratum_label(self) -> str:
        return stratum_label(self.outcome, self.segment, self.band)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    # A deal may be heard from several people. These give the first voice (the sample's
    # respondent, approached first), for the many places that show one interview per deal;
    # ``.all()`` so a ``prefetch_related("appointments", "interviews")`` is used.
    @property
    def appointment(self):
        return min(self.appointments.all(), key=lambda a: a.pk, default=None)

    @property
    def interview(self):
        return min(self.interviews.all(), key=lambda i: i.pk, default=None)


def stratum_label(outcome: str, segment: str, band: str) -> str:
    parts = [Outcome.label_of(outcome)]
    parts += [p for p in (segment, band) if p]
    return " · ".join(parts)


class ExclusionApproval(models.Model):
    """Someone approved sampling an account that has an open dispute or escalation."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="approvals")
    account = models.ForeignKey("deals.Account", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "account"], name="one_approval_per_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account} approved for {self.program}"
