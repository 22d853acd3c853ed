"""SOP step 3: a program's interview guide, in numbered versions of ordered questions.

An approved version is what interviews record and follow, so it never changes: the guard is
here in the models (``save``, ``delete`` and queryset ``update``/``delete`` refuse), not only in
the forms and services, so no code path can rewrite a guide an interview already used.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.deals.models import Outcome
from winloss.lib.errors import DomainError
from winloss.lib.frozen import (
    Freezing,
    FreezingQuerySet,
    FrozenWithParent,
    FrozenWithParentQuerySet,
)
from winloss.lib.models import Versioned
from winloss.programs.models import Program


class GuideError(DomainError):
    """A guide change that cannot be made, with a message for the person who asked."""


class Section(models.TextChoices):
    COMMON = "common", "Every interview"
    WON = Outcome.WON.value, Outcome.WON.label
    LOST = Outcome.LOST.value, Outcome.LOST.label
    NO_DECISION = Outcome.NO_DECISION.value, Outcome.NO_DECISION.label
    WITHDRAWN = Outcome.WITHDRAWN.value, Outcome.WITHDRAWN.label
    REJECTED = Outcome.REJECTED.value, Outcome.REJECTED.label


# The order the interviewer meets the sections in: the common questions first.
SECTION_ORDER = list(Section)
OUTCOME_SECTIONS = [s for s in Section if s != Section.COMMON]
# A stalled deal has no decision yet, so it is asked the no-decision questions.
SECTION_FOR_OUTCOME = {
    Outcome.STALLED.value: Section.NO_DECISION,
    **{s.value: s for s in OUTCOME_SECTIONS},
}


def section_for(outcome: str) -> Section | None:
    """The outcome section asked after the common one, or None for an outcome without one."""
    return SECTION_FOR_OUTCOME.get(outcome)


class GuideStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


APPROVED_IS_FROZEN = (
    "This guide version is approved and can no longer change; edit the guide to start a new "
    "draft version."
)


class GuideVersionQuerySet(FreezingQuerySet):
    def approved(self) -> "GuideVersionQuerySet":
        return self.filter(status=GuideStatus.APPROVED)


class GuideVersion(Freezing, Versioned):
    """One numbered version of a program's guide: a draft being edited, or approved for use."""

    FROZEN = Q(status=GuideStatus.APPROVED)

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="guide_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=GuideStatus.choices, default=GuideStatus.DRAFT)
    # CASCADE only matters when the whole program goes (retention): versions are never deleted
    # one by one once approved, and SET_NULL would be an update of an approved row.
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
    # Bumped by every change to the draft, so an approval is of exactly what the owner read.

    objects = GuideVersionQuerySet.as_manager()

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="guide_number_unique"),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(status=GuideStatus.DRAFT),
                name="guide_one_draft_per_program",
            ),
            models.CheckConstraint(
                condition=Q(status__in=GuideStatus.values), name="guide_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"Guide v{self.number} of {self.program}"

    @classmethod
    def frozen_error(cls) -> GuideError:
        return GuideError(APPROVED_IS_FROZEN)

    @property
    def workspace(self):
        return self.program.workspace

    @property
    def is_approved(self) -> bool:
        return self.status == GuideStatus.APPROVED


class Question(FrozenWithParent, Versioned):
    """One open question of a guide, with the follow-up prompts the interviewer may use."""

    FROZEN_WITH = "guide_version"

    guide_version = models.ForeignKey(
        GuideVersion, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    position = models.PositiveIntegerField()
    text = models.TextField("question")
    prompts = models.JSONField(
        "follow-up prompts", default=list, blank=True, help_text="One prompt per line."
    )
    # The question bank entry it was seeded from, so later analysis can line answers up.
    bank_key = models.CharField(max_length=60, blank=True)

    objects = FrozenWithParentQuerySet.as_manager()

    class Meta:
        ordering = ["guide_version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="question_section_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class LinterWaiver(models.Model):
    """The owner's reasoned decision to keep a question despite one linter rule's finding.

    It holds for the wording it was given for: ``text`` is that wording, and once the question
    says something else the waiver no longer applies. Abstract: each questionnaire (the guide,
    the buyer survey) keeps the waivers of its own questions.
    """

    rule = models.CharField(max_length=40)
    text = models.TextField("question text waived")
    reason = models.TextField()
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def applies_to(self, question) -> bool:
        return self.text == question.text


class Waiver(FrozenWithParent, LinterWaiver):
    """A waiver on a guide question: frozen with the guide version."""

    FROZEN_WITH = "question__guide_version"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="waivers")

    objects = FrozenWithParentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "rule"], name="waiver_one_per_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} waived on “{self.question}”"
