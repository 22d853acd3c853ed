"""Reads for building the survey: the version in use, the factors to choose from, what the
linter says, and the survey as a respondent of each outcome sees it."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from winloss.coding.models import Theme
from winloss.guides.queries import ReviewedQuestion, review_text
from winloss.programs.models import Program

from ..models import QuestionKind, Survey, SurveyFactor, SurveyQuestion, SurveyStatus
from .wording import (
    RATING,
    RECONSIDER_ENDS,
    SCORE,
    SOMETHING_ELSE,
    Scale,
    factor_scales,
    question_text,
)


def approved_survey_for(program: Program) -> Survey | None:
    """The version buyers are sent: the latest approved one, or None before any approval."""
    return (
        program.surveys.filter(status=SurveyStatus.APPROVED)
        .select_related("approved_by")
        .order_by("-number")
        .first()
    )


def draft_survey_for(program: Program) -> Survey | None:
    return program.surveys.filter(status=SurveyStatus.DRAFT).select_related("based_on").first()


def current_survey_for(program: Program) -> Survey | None:
    """The version the survey page shows: the draft being edited, else the one in use."""
    return draft_survey_for(program) or approved_survey_for(program)


def factor_themes(workspace_id: int) -> QuerySet[Theme]:
    """The themes a factor may be: the codebook's active top-level themes, in its order.
    Sub-themes are too fine for a buyer to score, and a merged theme lives on in its target."""
    return Theme.objects.filter(
        workspace_id=workspace_id, is_active=True, merged_into__isnull=True, parent__isnull=True
    ).order_by("position", "pk")


def factors_of(survey: Survey) -> list[SurveyFactor]:
    return list(survey.factors.select_related("theme"))


def review(survey: Survey) -> list[ReviewedQuestion[SurveyQuestion]]:
    """Every question in the respondent's order, with the linter's findings and waivers."""
    questions = survey.questions.prefetch_related("waivers__waived_by")
    return [ReviewedQuestion(q, review_text(q.text, list(q.waivers.all()))) for q in questions]


def open_findings_count(survey: Survey) -> int:
    return sum(len(q.open_findings) for q in review(survey))


@dataclass(frozen=True)
class ShownQuestion:
    """One question as the respondent sees it: its wording for their outcome and what they
    answer with (the factor grid, the choices, the 0–10 scale or a text box)."""

    number: int
    question: SurveyQuestion
    text: str
    scales: list[Scale] = field(default_factory=list)  # factors: one rating each per factor
    factors: list[Theme] = field(default_factory=list)  # factors: the rows; main reason: choices
    other: str = ""  # main reason: the choice written in the buyer's own words
    ends: tuple[str, str] | None = None  # reconsider: what 0 and 10 mean
    points: tuple[int, ...] = ()  # the scores a rating or the 0–10 scale offers

    @property
    def kind(self) -> str:
        return self.question.kind


def respondent_view(survey: Survey, outcome: str) -> list[ShownQuestion]:
    """The survey exactly as a buyer whose deal had ``outcome`` is asked it."""
    themes = [f.theme for f in factors_of(survey)]
    shown = []
    for number, question in enumerate(survey.questions.all(), start=1):
        text = question_text(question, outcome)
        if question.kind == QuestionKind.FACTORS:
            extra: dict = {"scales": factor_scales(outcome), "factors": themes, "points": RATING}
        elif question.kind == QuestionKind.MAIN_REASON:
            extra = {"factors": themes, "other": SOMETHING_ELSE}
        elif question.kind == QuestionKind.RECONSIDER:
            extra = {"ends": RECONSIDER_ENDS, "points": SCORE}
        else:
            extra = {}
        shown.append(ShownQuestion(number, question, text, **extra))
    return shown
