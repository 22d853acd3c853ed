"""SOP steps 5 and 6 around the interview: the rep's own account, and the reviewer's check."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.lib.models import Versioned
from winloss.lib.taxonomy import SOP_THEMES


class RepDebrief(Versioned):
    """The deal owner's account of why the deal went as it did: a short form, kept from the
    interviewer until the interview is completed, compared with the buyer's account later."""

    entry = models.OneToOneField(
        "programs.SampleEntry", on_delete=models.CASCADE, related_name="debrief"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    main_reason = models.CharField(
        "the main reason", max_length=40, choices=list(SOP_THEMES.items())
    )
    what_else = models.TextField("what else mattered", blank=True)
    competitor = models.ForeignKey(
        "deals.Competitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    do_differently = models.TextField("what you would do differently", blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rep debrief for {self.entry.deal}"


class ValidationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    RETURNED = "returned", "Returned to the interviewer"
    SIGNED_OFF = "signed_off", "Validated"


class Validation(Versioned):
    """The reviewer's decision on a completed interview (SOP step 6). Only a validated
    interview counts in analysis."""

    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="validation"
    )
    status = models.CharField(
        max_length=20, choices=ValidationStatus.choices, default=ValidationStatus.PENDING
    )
    # What the interviewer confirmed did not come up, so its absence is not a gap in the notes.
    confirmed_absent = models.JSONField(default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ValidationStatus.values), name="validation_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Validation of {self.interview}"
