import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from winloss.accounts.models import Workspace
from winloss.lib.models import Tracked


class Outcome(models.TextChoices):
    """Deal types from the SOP. CRM "Closed Lost" without more detail maps to LOST."""

    WON = "won", "Won"
    LOST = "lost", "Lost to competitor"
    NO_DECISION = "no_decision", "Lost to no decision"
    WITHDRAWN = "withdrawn", "Withdrawn by us"
    REJECTED = "rejected", "Rejected by buyer"
    STALLED = "stalled", "Stalled"
    OPEN = "open", "Open"

    @classmethod
    def label_of(cls, value: str) -> str:
        """How people read a stored outcome; a value no longer known is shown as stored."""
        return cls(value).label if value in cls.values else value


CLOSED_OUTCOMES = [
    Outcome.WON,
    Outcome.LOST,
    Outcome.NO_DECISION,
    Outcome.WITHDRAWN,
    Outcome.REJECTED,
]
# Deal types a program can study: every closed outcome, plus stalled deals.
STUDY_OUTCOMES = [*CLOSED_OUTCOMES, Outcome.STALLED]


class Account(Tracked):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="accounts")
    name = models.CharField(max_length=200)
    crm_id = models.CharField("CRM id", max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    tier = models.CharField("account tier", max_length=50, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    annual_revenue = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    parent_name = models.CharField("subsidiary of", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="account_name_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DecisionRole(models.TextChoices):
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
    EVALUATOR = "evaluator", "Evaluator"
    PROCUREMENT = "procurement", "Procurement"
    USER = "user", "User"
    OTHER = "other", "Other"


class Contact(Tracked):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="contacts")
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    # The CRM's contact id (Salesforce ContactId), so a contact-role export finds the person
    # again; contacts entered by hand have none.
    crm_id = models.CharField("CRM id", max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    title = models.CharField("job title", max_length=200, blank=True)
    decision_role = models.CharField(
        "role in the decision",
        max_length=20,
        choices=DecisionRole.choices,
        default=DecisionRole.OTHER,
    )
    do_not_contact = models.BooleanField(
        default=False, help_text="Never invite this person, whatever the sample says."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_role__in=DecisionRole.values), name="contact_role_known"
            ),
            models.UniqueConstraint(
                fields=["workspace", "crm_id"],
                condition=~Q(crm_id=""),
                name="contact_crm_id_unique_per_workspace",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Competitor(Tracked):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="competitors")
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="competitor_name_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompetitorAlias(models.Model):
    """Another name buyers and CRMs use for a competitor ("Vector Solutions Inc.")."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=200)

    class Meta:
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("alias"), name="competitor_alias_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class DealQuerySet(models.QuerySet["Deal"]):
    def closed(self) -> "DealQuerySet":
        return self.filter(outcome__in=CLOSED_OUTCOMES)

    def in_window(self, start: dt.date | None, end: dt.date | None) -> "DealQuerySet":
        qs = self
        if start:
            qs = qs.filter(close_date__gte=start)
        if end:
            qs = qs.filter(close_date__lte=end)
        return qs


class Deal(Tracked):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="deals")
    crm_id = models.CharField("CRM id", max_length=100)
    account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="deals"
    )
    name = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    stage = models.CharField("CRM stage", max_length=100, blank=True)
    created_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    owner_name = models.CharField("deal owner", max_length=200, blank=True)
    owner_email = models.EmailField("deal owner's email", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_deals",
        help_text="The deal owner's winloss account, if they have one.",
    )
    owner_team = models.CharField("sales team", max_length=200, blank=True)
    product = models.CharField(max_length=200, blank=True)
    product_line = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    tier = models.CharField("account tier", max_length=50, blank=True)
    primary_competitor = models.ForeignKey(
        Competitor, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    # Every competitor the deal met (a Salesforce OpportunityCompetitor export); the primary
    # one above is what samples and cuts use.
    competitors = models.ManyToManyField(Competitor, blank=True, related_name="competed_deals")
    rep_stated_reason = models.TextField(
        "rep's stated reason",
        blank=True,
        help_text="The reason the deal owner gave in the CRM. Never shown to the interviewer "
        "before the interview.",
    )
    open_dispute = models.BooleanField(
        "open dispute or escalation",
        default=False,
        help_text="Kept out of samples unless someone approves.",
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="deals")
    # Set by the CRM sync when the CRM says the deal was deleted (Salesforce's delete log,
    # HubSpot's archived deals): the deal, its sample entries and interviews stay, shown as
    # deleted, and it is taken out of later draws; cleared if the CRM restores it.
    crm_deleted_at = models.DateTimeField("deleted in the CRM", null=True, blank=True)

    objects = DealQuerySet.as_manager()

    class Meta:
        ordering = ["-close_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "crm_id"], name="deal_crm_id_unique"),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="deal_outcome_known"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=CLOSED_OUTCOMES) | Q(close_date__isnull=False),
                name="closed_deal_has_close_date",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="deal_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(created_date__isnull=True)
                | Q(close_date__isnull=True)
                | Q(close_date__gte=models.F("created_date")),
                name="deal_closes_after_it_opens",
            ),
            models.CheckConstraint(condition=~Q(crm_id=""), name="deal_crm_id_present"),
        ]
        indexes = [
            models.Index(fields=["workspace", "outcome", "close_date"], name="deal_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    CLOSED_OUTCOMES_VALUES = frozenset(o.value for o in CLOSED_OUTCOMES)

    @property
    def is_closed(self) -> bool:
        return self.outcome in CLOSED_OUTCOMES

    def is_owned_by(self, user) -> bool:
        """Is ``user`` this deal's owner? CRM exports often carry only a name or an email, so
        any of the three identifying the person counts: a rep must never interview their own
        deal (SOP best practice)."""
        if self.owner_id is not None and self.owner_id == user.pk:
            return True
        if self.owner_email and self.owner_email.lower() == (user.email or "").lower():
            return True
        name = (getattr(user, "name", "") or "").strip().lower()
        return bool(name) and self.owner_name.strip().lower() == name


class SavedMapping(models.Model):
    """A column mapping kept under a name, so next month's export imports the same way.

    ``columns`` maps a header as the CRM writes it to a deal field (``winloss.deals.imports.
    formats.FIELDS``), or to "" to leave that column out.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="saved_mapping_name_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StageMapping(models.Model):
    """How this workspace reads one CRM stage, before the defaults (``imports.outcomes``).

    CRMs are full of custom stage names ("Verbal Commit", "Signed – awaiting PO") that the
    defaults read as open deals; a mapping says once what such a stage means, for every import.
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField("CRM stage", max_length=100)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("stage")]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("stage"), name="stage_mapping_unique_per_workspace"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} → {self.get_outcome_display()}"
