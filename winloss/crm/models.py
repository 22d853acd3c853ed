"""A workspace's CRM connection, and each sync run with what it counted."""

from django.conf import settings
from django.db import models

from winloss.accounts.models import Workspace


class CrmKind(models.TextChoices):
    SALESFORCE = "salesforce", "Salesforce"
    HUBSPOT = "hubspot", "HubSpot"


DEFAULT_BASE_URLS = {CrmKind.HUBSPOT: "https://api.hubapi.com"}


class CrmConnection(models.Model):
    """How to reach the workspace's CRM. The secret is stored encrypted (``secrets``) and is
    never shown back: Salesforce's connected-app client secret, or HubSpot's private-app token."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="crm_connection"
    )
    kind = models.CharField("CRM", max_length=20, choices=CrmKind.choices)
    base_url = models.URLField(
        "address",
        help_text="Salesforce: your My Domain address, such as https://acme.my.salesforce.com. "
        "HubSpot: leave https://api.hubapi.com.",
    )
    client_id = models.CharField(
        "consumer key",
        max_length=300,
        blank=True,
        help_text="Salesforce only: the connected app's consumer key (client id).",
    )
    secret_encrypted = models.TextField(blank=True)
    competitor_property = models.CharField(
        "competitor property",
        max_length=100,
        blank=True,
        help_text="HubSpot only: the internal name of the deal property that holds the "
        "competitor, such as competitor.",
    )
    enabled = models.BooleanField(
        "sync every hour", default=True, help_text="Off: only Sync now and the command sync."
    )
    # The newest change the last successful sync saw; the next one asks for what came after.
    cursor = models.DateTimeField(null=True, blank=True)
    # Write-back: what a validated interview sends to its opportunity or deal (``writeback``).
    write_back = models.BooleanField("write findings back", default=False)
    status_field = models.CharField(
        "status field",
        max_length=100,
        blank=True,
        help_text="The opportunity (Salesforce) or deal (HubSpot) field that gets "
        "“Interview validated”, such as Win_Loss_Status__c.",
    )
    reasons_field = models.CharField(
        "main reasons field",
        max_length=100,
        blank=True,
        help_text="A multi-select picklist (Salesforce) or multiple checkboxes property "
        "(HubSpot) for the buyer's main reasons, such as Win_Loss_Reasons__c.",
    )
    link_field = models.CharField(
        "link field",
        max_length=100,
        blank=True,
        help_text="A URL field for the link to the interview's summary, such as "
        "Win_Loss_Summary__c.",
    )
    # Theme slug -> the CRM's picklist value; a theme without one is not written.
    theme_values = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} connection"

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_encrypted)


class SyncStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    REJECTED = "rejected", "Rejected: nothing saved"
    FAILED = "failed", "Failed"


class SyncRun(models.Model):
    """One sync: when, what it asked for (``since``), what it counted per object, what went wrong.

    ``counts`` is {object: {"created", "updated", "unchanged", "rejected"}} for accounts,
    deals, competitors and contacts; ``errors`` the row errors, each naming the record."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(CrmConnection, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=20, choices=CrmKind.choices)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=SyncStatus.choices, default=SyncStatus.RUNNING)
    dry_run = models.BooleanField(default=False)
    trigger = models.CharField(max_length=40)  # "schedule", "Sync now by …", "command line"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    since = models.DateTimeField(null=True, blank=True)
    # The deals a CRM's call named: the run read only these (empty: everything since ``since``).
    deal_ids = models.JSONField(default=list, db_default=[], blank=True)
    cursor = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)
    notes = models.JSONField(default=list)  # what the imports said (new competitors, fallbacks)
    error = models.TextField(blank=True)
    retries = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        return f"CRM sync of {self.started:%Y-%m-%d %H:%M}"


class WriteBackStatus(models.TextChoices):
    SENT = "sent", "Written"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class WriteBack(models.Model):
    """One write of a validated interview's findings to its opportunity or deal: the fields
    sent (never quotes), and how it went, so a failure can be seen and tried again."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="crm_write_backs"
    )
    kind = models.CharField(max_length=20, choices=CrmKind.choices)
    crm_id = models.CharField(max_length=100, blank=True)
    fields = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=WriteBackStatus.choices)
    error = models.TextField(blank=True)
    retries = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"CRM write-back of interview {self.interview_id}"


class DealTrigger(models.Model):
    """A program's deal-closed trigger: whether a deal that closes in its scope enters its
    sample (when the draw's rules allow), and when that deal's invitation goes out."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="deal_trigger"
    )
    add_closed_deals = models.BooleanField("add newly closed deals to the sample", default=False)
    invite_after_hours = models.PositiveIntegerField(
        "send their invitation after (hours)",
        null=True,
        blank=True,
        help_text="0 sends it at once; empty leaves the invitation to the coordinator.",
    )

    def __str__(self) -> str:
        return f"Deal-closed trigger of {self.program}"


class TriggeredEntry(models.Model):
    """A sample entry the trigger added, and when its invitation is due (None: the
    coordinator sends it) and was sent."""

    entry = models.OneToOneField(
        "programs.SampleEntry", on_delete=models.CASCADE, related_name="triggered"
    )
    invite_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Triggered entry {self.entry_id}"


class CrmWebhook(models.Model):
    """What signs the CRM's calls to us: HubSpot's app client secret (signature v3), or the
    token in the Salesforce Outbound Message's address with the org it must come from. The
    secret is stored encrypted, as the connection's is."""

    connection = models.OneToOneField(
        CrmConnection, on_delete=models.CASCADE, related_name="webhook"
    )
    secret_encrypted = models.TextField()
    organization_id = models.CharField("Salesforce organization id", max_length=18, blank=True)

    def __str__(self) -> str:
        return f"Webhook of the {self.connection}"
