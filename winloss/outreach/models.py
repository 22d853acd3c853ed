"""SOP step 4: contacting respondents, scheduling, consent, and every message sent."""

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.deals.models import DecisionRole
from winloss.lib.models import Tracked, Versioned


class Format(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"


class AppointmentStatus(models.TextChoices):
    NOT_INVITED = "not_invited", "Not invited yet"
    INVITED = "invited", "Invited"
    SCHEDULED = "scheduled", "Scheduled"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = [AppointmentStatus.NOT_INVITED, AppointmentStatus.INVITED]


class Attribution(models.TextChoices):
    NAMED = "named", "Quotes may name me"
    ANONYMOUS = "anonymous", "Quotes only without my name or company"
    NOT_QUOTABLE = "not_quotable", "Do not quote me"


class ConsentKind(models.TextChoices):
    STATEMENT = "statement", "Consent statement"
    RECORDING = "recording", "Recording permission"
    SURVEY = "survey", "Survey consent statement"


class ConsentText(models.Model):
    """A version of the consent statement or the recording-permission text. Versions never
    change once saved: a respondent's consent names the exact words they were shown."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    number = models.PositiveIntegerField()
    body = models.TextField(help_text="Merge fields: {company}, {program}, {retention_days}.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "number"], name="consent_text_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("A consent text version never changes; save a new version.")
        super().save(*args, **kwargs)


class Appointment(Tracked):
    """One voice on a sampled deal, from the first invitation to the interview itself.

    A deal is usually heard from its sample entry's contact; the coordinator may add further
    voices (the economic buyer, an evaluator, procurement …), one appointment per contact."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="appointments"
    )
    entry = models.ForeignKey(
        "programs.SampleEntry", on_delete=models.PROTECT, related_name="appointments"
    )
    contact = models.ForeignKey(
        "deals.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # This person's role in this deal's decision, as the coordinator knows it; the interview
    # starts with it and the interviewer corrects it if the buyer says otherwise.
    respondent_role = models.CharField(
        "respondent's role in the decision",
        max_length=20,
        choices=DecisionRole.choices,
        blank=True,
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointments",
    )
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.NOT_INVITED
    )
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(default=30)
    respondent_timezone = models.CharField(max_length=64, blank=True)
    location = models.CharField(
        "where", max_length=300, blank=True, help_text="A phone number, video link or address."
    )
    concerns = models.TextField(
        "confidentiality or participation concerns", blank=True, help_text="As the buyer said."
    )
    refusal_reason = models.TextField(blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    # The calendar event's identity and revision: a reschedule updates the same event.
    ics_uid = models.CharField(max_length=100, default="", blank=True)
    ics_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AppointmentStatus.values), name="appointment_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=AppointmentStatus.SCHEDULED) | Q(starts_at__isnull=False),
                name="scheduled_appointment_has_a_time",
            ),
            models.UniqueConstraint(
                fields=["entry", "contact"], name="one_appointment_per_deal_contact"
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="appointment_status_idx")]

    def __str__(self) -> str:
        return f"Interview about {self.entry.deal}" if self.entry_id else "Interview"

    def save(self, *args, **kwargs) -> None:
        if not self.ics_uid:
            self.ics_uid = f"{uuid.uuid4()}@winloss"
        super().save(*args, **kwargs)

    @property
    def ends_at(self) -> dt.datetime | None:
        return (
            self.starts_at + dt.timedelta(minutes=self.duration_minutes) if self.starts_at else None
        )

    @property
    def days_since_close(self) -> int | None:
        """Days from the deal's close to today: a long gap means fading memory."""
        closed = self.entry.deal.close_date
        return (timezone.localdate() - closed).days if closed else None


class LinkPurpose(models.TextChoices):
    SCHEDULE = "schedule", "Pick a time and answer the consent questions"
    MANAGE = "manage", "Reschedule or cancel"
    SURVEY = "survey", "Answer the buyer survey"


# A link, a message or a consent is about one interview voice or one buyer-survey response
# (a later stage: named lazily, never imported). Exactly one of the two is set.
SURVEY_RESPONSE = "surveys.SurveyResponse"


def _about_one(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(appointment__isnull=False, survey_response__isnull=True)
        | Q(appointment__isnull=True, survey_response__isnull=False),
        name=f"{prefix}_about_one_respondent",
    )


class About(models.Model):
    """A row about one respondent: an appointment or a survey response (``about``)."""

    class Meta:
        abstract = True

    @property
    def about(self) -> Any:
        this: Any = self  # the two keys are declared by each concrete model
        return this.appointment if this.appointment_id else this.survey_response


class RespondentLink(About):
    """A secure link for a respondent with no account: bound to one appointment (or one survey
    response) and one purpose, expiring, and signed (``links.py``), so a changed character is
    refused."""

    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    survey_response = models.ForeignKey(
        SURVEY_RESPONSE, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    # Random per link; the signed token carries it, so a new link makes the old one useless.
    nonce = models.CharField(max_length=64, default="", editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [_about_one("link")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.about}"

    def save(self, *args, **kwargs) -> None:
        if not self.nonce:
            self.nonce = secrets.token_urlsafe(24)
        super().save(*args, **kwargs)


class ConsentRecord(About):
    """What the respondent allowed, with the versions of the texts they were shown."""

    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    survey_response = models.ForeignKey(
        SURVEY_RESPONSE, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    statement = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    # Empty for a survey's consent: a survey records nothing.
    recording_text = models.ForeignKey(
        ConsentText, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shown_text = models.TextField(help_text="The texts exactly as the respondent read them.")
    notes_allowed = models.BooleanField()
    recording_allowed = models.BooleanField()
    transcription_allowed = models.BooleanField()
    attribution = models.CharField(max_length=20, choices=Attribution.choices)
    given_by = models.CharField(
        max_length=200,
        help_text="Who answered: the respondent, or "
        "the person who recorded a consent given by phone.",
    )
    given_at = models.DateTimeField(auto_now_add=True)
    # What the texts promised then: a later, longer policy must not keep these words longer.
    retention_days = models.PositiveIntegerField(
        "notes kept for (days), as promised",
        null=True,
        blank=True,
        editable=False,
        help_text="Empty when the texts shown promised no number of days.",
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        get_latest_by = "given_at"
        constraints = [_about_one("consent")]

    def __str__(self) -> str:
        return f"Consent for {self.about}"


class Availability(models.Model):
    """A window in which an interviewer can take interviews; slots are offered inside it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="availability_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class InterviewerCalendar(models.Model):
    """An interviewer's calendars in one workspace: the private feed of their interviews,
    whose address is signed over ``feed_nonce`` (a new nonce makes the old address fail), and
    the free/busy address their busy times are read from."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendars"
    )
    feed_nonce = models.CharField(max_length=64, blank=True, editable=False)
    # When the current address was made: one made before the workspace required single
    # sign-on stops answering, as an API token does.
    feed_made_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A secret like a password (Google's "secret address"): shown to nobody, never logged.
    busy_url = models.URLField("free/busy calendar address", max_length=2000, blank=True)
    busy_checked_at = models.DateTimeField(null=True, blank=True)
    busy_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "interviewer"], name="one_calendar_per_interviewer"
            ),
        ]

    def __str__(self) -> str:
        # The history's sentences name the person: "… reset the feed address of Iris Moreau".
        return str(self.interviewer)


class BusyTime(models.Model):
    """A time the interviewer's own calendar says they are busy: no slot is offered in it."""

    calendar = models.ForeignKey(
        InterviewerCalendar, on_delete=models.CASCADE, related_name="busy_times"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="busy_time_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"Busy {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class MessageKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"
    CONFIRMATION = "confirmation", "Confirmation"
    RESCHEDULE = "reschedule", "Rescheduled"
    CANCELLATION = "cancellation", "Cancelled"
    THANK_YOU = "thank_you", "Thank-you"
    SURVEY_INVITATION = "survey_invitation", "Survey invitation"
    SURVEY_REMINDER = "survey_reminder", "Survey reminder"


SURVEY_KINDS = {MessageKind.SURVEY_INVITATION, MessageKind.SURVEY_REMINDER}


class EmailTemplate(Versioned):
    """A workspace's own wording for one kind of message; the built-in wording otherwise."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "kind"], name="one_template_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutreachMessage(About):
    """Every email sent (or tried) to a respondent or interviewer, as it was sent."""

    appointment = models.ForeignKey(
        Appointment, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    survey_response = models.ForeignKey(
        SURVEY_RESPONSE, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="As sent, with the respondent's link left out.")
    # The link the message carries: signed afresh when it is sent, never stored as text.
    link = models.ForeignKey(
        "RespondentLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [_about_one("message")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to}"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LINKEDIN = "linkedin", "LinkedIn"
    OTHER = "other", "Other"


class ContactAttempt(models.Model):
    """A call, a message on another channel: the coordinator's record of phone tag."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="attempts")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    note = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.note[:40]}"
