"""Honoraria: the thank-you a program offers its respondents, and what became of each one.

A program's offer is versioned: a change applies to the invitations sent after it, so every
version stays, and a respondent's honorarium keeps the version they were invited under with
its kind, amount and currency copied, as the buyer read them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.lib.models import Tracked
from winloss.programs.models import Program

CURRENCY = RegexValidator(
    r"^[A-Z]{3}$", "Give the currency as its three-letter ISO 4217 code, such as USD, EUR or GBP."
)


class OfferKind(models.TextChoices):
    NONE = "none", "No honorarium"
    GIFT_CARD = "gift_card", "A gift card, or a donation to a charity if they prefer"
    CHARITY = "charity", "A donation to a charity of their choice"


class Offer(models.Model):
    """One version of a program's offer, in force from ``created`` until the next version."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=OfferKind.choices, default=OfferKind.NONE)
    amount = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    currency = models.CharField(max_length=3, blank=True, validators=[CURRENCY])
    budget = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        help_text="The most the program may spend on honoraria, in the offer's currency.",
    )
    # The charities a respondent may choose from; empty: any charity they name.
    charities = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="offer_number_unique"),
            models.CheckConstraint(condition=Q(kind__in=OfferKind.values), name="offer_kind_known"),
            models.CheckConstraint(
                condition=Q(kind=OfferKind.NONE)
                | (Q(amount__gt=0, budget__gte=models.F("amount")) & ~Q(currency="")),
                name="offer_has_amount_budget_and_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer v{self.number}: {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("An offer version never changes; save a new version.")
        super().save(*args, **kwargs)

    @property
    def money(self) -> str:
        return money(self.amount, self.currency)


def money(amount: Decimal, currency: str) -> str:
    """USD 50 or USD 49.50: whole amounts without their cents, as people write them."""
    shown = f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
    return f"{currency} {shown}"


class Choice(models.TextChoices):
    GIFT_CARD = "gift_card", "Gift card"
    CHARITY = "charity", "Donation to a charity"
    DECLINED = "declined", "Declined"


class Status(models.TextChoices):
    PROMISED = "promised", "Promised"
    SENT = "sent", "Sent"
    DECLINED = "declined", "Declined"
    NOT_ALLOWED = "not_allowed", "Not allowed by their employer"


# What the budget counts: money sent is spent, money promised is committed.
COUNTED = [Status.PROMISED, Status.SENT]


class Honorarium(Tracked):
    """What one respondent — an interview voice or a survey response — was offered, chose,
    and was sent."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    appointment = models.OneToOneField(
        "outreach.Appointment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honorarium",
    )
    survey_response = models.OneToOneField(
        "surveys.SurveyResponse",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="honorarium",
    )
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="honoraria")
    # The offer as the respondent read it: a copy, so the record reads alone.
    kind = models.CharField(max_length=20, choices=OfferKind.choices)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    choice = models.CharField(max_length=20, choices=Choice.choices, blank=True)
    charity = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["program", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment__isnull=False, survey_response__isnull=True)
                | Q(appointment__isnull=True, survey_response__isnull=False),
                name="honorarium_for_exactly_one_respondent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="honorarium_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.SENT) | Q(sent_at__isnull=False),
                name="honorarium_sent_has_its_date",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="honorarium_status_idx")]

    def __str__(self) -> str:
        return f"Honorarium of {money(self.amount, self.currency)} ({self.get_status_display()})"

    @property
    def money(self) -> str:
        return money(self.amount, self.currency)

    @property
    def choice_text(self) -> str:
        if self.choice == Choice.CHARITY and self.charity:
            return f"Donation to {self.charity}"
        return self.get_choice_display()
