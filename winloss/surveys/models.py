"""Buyer surveys: a short questionnaire beside the interviews, for closed deals in scope
that the interview sample does not reach.

A survey is versioned like the interview guide: a draft changes, an approved version never
does, since the answers name the version they were given on. Answers are their own evidence:
they sit in their own tables and are never counted as interviews.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.coding.models import Direction
from winloss.deals.models import Outcome
from winloss.guides.models import LinterWaiver
from winloss.lib.errors import DomainError
from winloss.lib.frozen import (
    Freezing,
    FreezingQuerySet,
    FrozenWithParent,
    FrozenWithParentQuerySet,
)
from winloss.lib.models import Tracked, Versioned
from winloss.programs.models import Program

RATING = [MinValueValidator(1), MaxValueValidator(5)]  # 1 = not at all … 5 = extremely
SCORE = [MinValueValidator(0), MaxValueValidator(10)]  # how likely to consider us again
MAX_OPEN_QUESTIONS = 3


class SurveyError(DomainError):
    """A survey change that cannot be made, with a message for the person who asked."""


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


APPROVED_IS_FROZEN = (
    "This survey version is approved and can no longer change; edit the survey to start a new "
    "draft version."
)


class Survey(Freezing, Versioned):
    """One numbered version of a program's buyer survey."""

    FROZEN = Q(status=SurveyStatus.APPROVED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = FreezingQuerySet.as_manager()

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="survey_number_unique"),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(status=SurveyStatus.DRAFT),
                name="survey_one_draft_per_program",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SurveyStatus.values), name="survey_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Survey v{self.number} of {self.program}"

    @classmethod
    def frozen_error(cls) -> SurveyError:
        return SurveyError(APPROVED_IS_FROZEN)

    @property
    def is_approved(self) -> bool:
        return self.status == SurveyStatus.APPROVED


class QuestionKind(models.TextChoices):
    FACTORS = "factors", "Decision factors: importance and performance"
    MAIN_REASON = "main_reason", "The main reason for the decision"
    RECONSIDER = "reconsider", "Likelihood to consider us again (0–10)"
    OPEN = "open", "Open question"


class SurveyQuestion(FrozenWithParent, Versioned):
    """One question of a survey version, in the order the respondent meets them."""

    FROZEN_WITH = "survey"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    position = models.PositiveIntegerField()
    text = models.TextField("question")
    # The bank entry it came from, so answers line up across versions and programs.
    bank_key = models.CharField(max_length=60, blank=True)

    objects = FrozenWithParentQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="survey_question_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyFactor(FrozenWithParent):
    """A decision factor the survey asks about: a theme of the workspace's codebook, so the
    survey's evidence and the interviews' speak of the same things."""

    FROZEN_WITH = "survey"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="factors")
    theme = models.ForeignKey("coding.Theme", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()

    objects = FrozenWithParentQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "theme"], name="survey_factor_once"),
        ]

    def __str__(self) -> str:
        return str(self.theme)


class SurveyWaiver(FrozenWithParent, LinterWaiver):
    """A waiver on a survey question, as on a guide's: for this wording, frozen with the
    version."""

    FROZEN_WITH = "question__survey"

    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="waivers")

    objects = FrozenWithParentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "rule"], name="survey_waiver_one_per_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} waived on “{self.question}”"


class ResponseSource(models.TextChoices):
    SENT = "sent", "Answered here"
    IMPORTED = "imported", "Imported from a survey tool"


class ResponseStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class SurveyResponse(Tracked):
    """One buyer's survey about one closed deal: invited, answered here or imported."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="survey_responses")
    # Empty for a response imported from another survey tool.
    survey = models.ForeignKey(
        Survey, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    deal = models.ForeignKey("deals.Deal", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        "deals.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_email = models.EmailField(blank=True)
    # The deal's outcome when the buyer answered: a later CRM correction must not move it
    # silently between the won and the lost columns.
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    source = models.CharField(max_length=20, choices=ResponseSource.choices)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.INVITED
    )
    language = models.CharField(max_length=10, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveIntegerField(default=0)
    main_reason = models.ForeignKey(
        "coding.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    main_reason_other = models.CharField("main reason, in their words", max_length=500, blank=True)
    reconsider = models.PositiveSmallIntegerField(
        "likelihood to consider us again", null=True, blank=True, validators=SCORE
    )
    # When the retention policy emptied the buyer's words and address (the ratings, choices
    # and statuses stay: they are the program's record).
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["program", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ResponseStatus.values), name="survey_response_status_known"
            ),
            models.CheckConstraint(
                condition=Q(reconsider__isnull=True) | Q(reconsider__lte=10),
                name="survey_reconsider_0_to_10",
            ),
            # Until its words and address are emptied (the purge, a deletion request): two
            # emptied responses about one deal no longer tell whose they were.
            models.UniqueConstraint(
                fields=["program", "deal", "respondent_email"],
                condition=Q(purged_at__isnull=True),
                name="one_survey_response_per_deal_respondent",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "outcome"], name="survey_response_idx")
        ]

    def __str__(self) -> str:
        return f"Survey response about {self.deal}" if self.deal_id else "Survey response"


class SurveyRating(models.Model):
    """How important one factor was to the buyer, and how we and the vendor they chose
    performed on it (1–5 each; any may be skipped)."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="ratings")
    theme = models.ForeignKey("coding.Theme", on_delete=models.PROTECT, related_name="+")
    importance = models.PositiveSmallIntegerField(null=True, blank=True, validators=RATING)
    performance = models.PositiveSmallIntegerField(
        "our performance", null=True, blank=True, validators=RATING
    )
    chosen_performance = models.PositiveSmallIntegerField(
        "the chosen vendor's performance", null=True, blank=True, validators=RATING
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="survey_rating_once"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"survey_{field}_1_to_5",
                )
                for field in ("importance", "performance", "chosen_performance")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.importance}/{self.performance}"


class SurveyComment(models.Model):
    """An answer to an open question, in the buyer's own words."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(
        SurveyQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    prompt = models.TextField(help_text="The question as the respondent read it.")
    text = models.TextField()

    class Meta:
        ordering = ["response", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyCode(models.Model):
    """An open answer coded with a theme of the workspace's codebook, as a win or loss driver
    (or neutral): the same codebook as the interviews, counted apart as survey evidence.
    A survey answer is short, so the whole answer is coded, not a span of it."""

    comment = models.ForeignKey(SurveyComment, on_delete=models.CASCADE, related_name="codes")
    theme = models.ForeignKey("coding.Theme", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "theme"], name="survey_code_once"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="survey_code_direction_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.get_direction_display()})"


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
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="sends")
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
