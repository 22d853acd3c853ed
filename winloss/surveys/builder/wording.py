"""What the respondent reads, by the deal's outcome: one place, for the preview and for the
answering page, so both always say the same.

The main-reason question names the decision in the buyer's terms — "the main reason you chose
us" for a win, "… you chose another option" for a loss — through ``{decision}`` in its wording.
"""

from dataclasses import dataclass
from typing import Protocol

from winloss.deals.models import Outcome

from ..models import QuestionKind

DECISION = "{decision}"

# Each outcome's words for the decision; the linter test reads every one in the bank's wording.
DECISION_WORDS: dict[str, str] = {
    Outcome.WON: "you chose us",
    Outcome.LOST: "you chose another option",
    Outcome.NO_DECISION: "you decided not to buy",
    Outcome.STALLED: "the purchase has not gone ahead",
    Outcome.WITHDRAWN: "the evaluation ended",
    Outcome.REJECTED: "you ruled us out",
}
NEUTRAL_DECISION = "for your decision"  # an outcome without words of its own (an open deal)

# The outcomes the preview offers, in the order of the outcome list.
PREVIEW_OUTCOMES = [o for o in Outcome if o in DECISION_WORDS]


class Worded(Protocol):
    kind: str
    text: str


def question_text(question: Worded, outcome: str) -> str:
    """The question as a buyer whose deal had ``outcome`` reads it."""
    if question.kind != QuestionKind.MAIN_REASON:
        return question.text
    return question.text.replace(DECISION, DECISION_WORDS.get(outcome, NEUTRAL_DECISION))


@dataclass(frozen=True)
class Scale:
    """One rating asked of every factor: the ``SurveyRating`` field it fills, its heading,
    and what its ends (1 and 5) mean."""

    field: str
    label: str
    low: str
    high: str


IMPORTANCE = Scale("importance", "How much it mattered", "1 = not at all", "5 = decisive")
OUR_PERFORMANCE = Scale("performance", "How we performed", "1 = very poorly", "5 = very well")
CHOSEN_PERFORMANCE = Scale(
    "chosen_performance", "How the option you chose performed", "1 = very poorly", "5 = very well"
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
