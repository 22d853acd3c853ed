"""The survey as one buyer meets it: the questions in order, each with the answer kept."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..builder.wording import factor_scales, question_text
from ..models import QuestionKind, SurveyResponse
from .services import OTHER


@dataclass
class Shown:
    """One question on the page: what it asks, and what the buyer answered so far."""

    kind: str
    text: str
    pk: int
    factors: list[dict[str, Any]] = field(default_factory=list)
    value: Any = None  # the main reason, the score or the comment kept
    other: str = ""


def wording(text: str) -> str:
    """The question or factor in the buyer's language: the built-in wording is translated,
    a workspace's own words are shown as written."""
    return _(text) if text else text


def aspects_for(outcome: str) -> list[tuple[str, Any]]:
    """The 1–5 scales asked of each factor, as the builder's preview shows them."""
    return [(scale.field, scale.label) for scale in factor_scales(outcome)]


def page(response: SurveyResponse) -> list[Shown]:
    survey = response.survey
    if survey is None:
        return []
    factors = list(survey.factors.select_related("theme").order_by("position", "pk"))
    ratings = {r.theme_id: r for r in response.ratings.all()}
    comments = {c.question_id: c.text for c in response.comments.all()}
    aspects = aspects_for(response.outcome)
    shown = []
    for question in survey.questions.order_by("position", "pk"):
        item = Shown(
            kind=question.kind, text=question_text(question, response.outcome), pk=question.pk
        )
        if question.kind == QuestionKind.FACTORS:
            for factor in factors:
                rating = ratings.get(factor.theme_id)
                item.factors.append(
                    {
                        "theme": factor.theme_id,
                        "name": wording(factor.theme.name),
                        "scales": [
                            (aspect, label, getattr(rating, aspect, None) if rating else None)
                            for aspect, label in aspects
                        ],
                    }
                )
        elif question.kind == QuestionKind.MAIN_REASON:
            item.factors = [{"theme": f.theme_id, "name": wording(f.theme.name)} for f in factors]
            item.value = OTHER if response.main_reason_other else response.main_reason_id or ""
            item.other = response.main_reason_other
        elif question.kind == QuestionKind.RECONSIDER:
            item.value = response.reconsider
        else:
            item.value = comments.get(question.pk, "")
        shown.append(item)
    return shown
