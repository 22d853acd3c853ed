"""One send of a program's survey: whom it asked for, and the seed of its random share."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class SendMode(models.TextChoices):
    ALL = "all", "Every eligible closed deal"
    LOST = "lost", "Lost deals only"
    SHARE = "share", "A random share of the eligible deals"


class SurveySend(models.Model):
    """A batch of survey invitations. The seed is kept so the random share can be drawn again
    and checked: the same scope, seed and share pick the same deals."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="survey_sends"
    )
    survey = models.ForeignKey("surveys.Survey", on_delete=models.PROTECT, related_name="sends")
    mode = models.CharField(max_length=10, choices=SendMode.choices, default=SendMode.ALL)
    share_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    seed = models.BigIntegerField()
    invited = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mode__in=SendMode.values), name="survey_send_mode_known"
            ),
            models.CheckConstraint(
                condition=~Q(mode=SendMode.SHARE) | Q(share_percent__isnull=False),
                name="survey_send_share_has_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invited} survey invitations for {self.program}"
