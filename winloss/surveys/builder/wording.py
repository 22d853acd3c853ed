"""What the respondent reads, by the deal's outcome: one place, for the preview and for the
answering page, so both always say the same.

The main-reason question names the decision in the buyer's terms — "the main reason you chose
us" for a win, "… you chose another option" for a loss — through ``{decision}`` in its wording.
"""

from dataclasses import dataclass
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from winloss.deals.models import Outcome

from ..models import QuestionKind

DECISION = "{decision}"

# Each outcome's words for the decision; the linter test reads every one in the bank's wording.
DECISION_WORDS: dict[str, str] = {
    Outcome.WON: gettext_noop("you chose us"),
    Outcome.LOST: gettext_noop("you chose another option"),
    Outcome.NO_DECISION: gettext_noop("you decided not to buy"),
    Outcome.STALLED: gettext_noop("the purchase has not gone ahead"),
    Outcome.WITHDRAWN: gettext_noop("the evaluation ended"),
    Outcome.REJECTED: gettext_noop("you ruled us out"),
}
NEUTRAL_DECISION = gettext_noop(
    "for your decision"
)  # an outcome without words of its own (an open deal)

# The outcomes the preview offers, in the order of the outcome list.
PREVIEW_OUTCOMES = [o for o in Outcome if o in DECISION_WORDS]


class Worded(Protocol):
    kind: str
    text: str


def question_text(question: Worded, outcome: str) -> str:
    """The question as a buyer whose deal had ``outcome`` reads it, in the language active
    (the bank's wording is translated; a workspace's own words are shown as written)."""
    text = _(question.text) if question.text else question.text
    if question.kind != QuestionKind.MAIN_REASON:
        return text
    return text.replace(DECISION, _(DECISION_WORDS.get(outcome, NEUTRAL_DECISION)))


@dataclass(frozen=True)
class Scale:
    """One rating asked of every factor: the ``SurveyRating`` field it fills, its heading,
    and what its ends (1 and 5) mean."""

    field: str
    label: "str | Promise"
    low: "str | Promise"
    high: "str | Promise"


IMPORTANCE = Scale(
    "importance",
    gettext_lazy("How much it mattered"),
    gettext_lazy("1 = not at all"),
    gettext_lazy("5 = decisive"),
)
OUR_PERFORMANCE = Scale(
    "performance",
    gettext_lazy("How we performed"),
    gettext_lazy("1 = very poorly"),
    gettext_lazy("5 = very well"),
)
CHOSEN_PERFORMANCE = Scale(
    "chosen_performance",
    gettext_lazy("How the option you chose performed"),
    gettext_lazy("1 = very poorly"),
    gettext_lazy("5 = very well"),
)
# Only where the buyer chose someone else: for a win the chosen vendor is us, and a buyer who
# bought nothing has no chosen vendor to score.
OUTCOMES_WITH_ANOTHER_CHOICE = {Outcome.LOST, Outcome.REJECTED}


def factor_scales(outcome: str) -> list[Scale]:
    """The ratings each factor gets from a buyer whose deal had ``outcome``."""
    if outcome in OUTCOMES_WITH_ANOTHER_CHOICE:
        return [IMPORTANCE, OUR_PERFORMANCE, CHOSEN_PERFORMANCE]
    return [IMPORTANCE, OUR_PERFORMANCE]


RATING = tuple(range(1, 6))  # each factor's ratings, as ``models.RATING`` checks them
SCORE = tuple(range(11))  # openness to considering us again, as ``models.SCORE`` checks it
RECONSIDER_ENDS = ("0 = not at all", "10 = completely")
SOMETHING_ELSE = "Something else (in your own words)"
