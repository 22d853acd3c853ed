"""How long a buyer takes to finish a survey version: an estimate from what it asks.

Per item, from published response times (sources in docs/guide/surveys.md, "How long the
survey takes"): Pew Research Center budgets its online panel at 85 points for 15 minutes,
an ordinary stand-alone question being one point, about 10 seconds, a battery item less,
and an open question that asks for the respondent's own words "can take minutes"; Amplitude
Research finds a grid of rows on a 5-point scale answered at ten or more rows a minute and
an open comment at about one a minute. The figures below are those, rounded up.
"""

import math
from dataclasses import dataclass
from typing import Any

from winloss.deals.models import Outcome

from ..models import QuestionKind, SurveyFactor, SurveyQuestion
from .wording import factor_scales

# Seconds a buyer spends on each item.
START_SECONDS = 30  # the first page: who asks, what the answers are for, the consent
RATING_SECONDS = 6  # one rating of one factor in the grid (a battery item)
SECONDS: dict[str, int] = {
    QuestionKind.MAIN_REASON: 15,  # one choice among the factors, read through
    QuestionKind.RECONSIDER: 10,  # a stand-alone 0–10 question
    QuestionKind.OPEN: 60,  # a sentence or two in their own words
}
LIMIT_MINUTES = 5  # what the SOP promises a buyer for the survey


@dataclass(frozen=True)
class Estimate:
    seconds: int
    items: list[tuple[str, int]]  # each question's kind and its seconds, in order

    @property
    def minutes(self) -> int:
        """What a buyer is told: whole minutes, rounded up."""
        return max(1, math.ceil(self.seconds / 60))

    @property
    def too_long(self) -> bool:
        return self.seconds > LIMIT_MINUTES * 60


def estimate(kinds: list[str], factors: int, outcome: str = Outcome.LOST) -> Estimate:
    """The time a buyer whose deal had ``outcome`` takes over questions of ``kinds`` with
    ``factors`` decision factors (a lost deal's buyer rates each three ways, the longest)."""
    ratings = len(factor_scales(outcome))
    items = [
        (
            kind,
            factors * ratings * RATING_SECONDS if kind == QuestionKind.FACTORS else SECONDS[kind],
        )
        for kind in kinds
    ]
    return Estimate(START_SECONDS + sum(s for _, s in items), items)


def survey_estimate(survey_id: int, outcome: str = Outcome.LOST) -> Estimate:
    """``estimate`` for a survey version, as its buyer of ``outcome`` is asked it."""
    kinds = list(
        SurveyQuestion.objects.filter(survey_id=survey_id)
        .order_by("position", "pk")
        .values_list("kind", flat=True)
    )
    return estimate(kinds, SurveyFactor.objects.filter(survey_id=survey_id).count(), outcome)


def minutes(response: Any) -> int:
    """What the buyer is told the survey takes: the estimate for their version and outcome
    (read once per version and outcome for a batch of thousands about one program)."""
    if response.survey_id is None:  # the wording's preview
        return LIMIT_MINUTES
    memo = response.program.__dict__.setdefault("_survey_minutes", {})
    key = (response.survey_id, response.outcome)
    if key not in memo:
        memo[key] = survey_estimate(response.survey_id, response.outcome).minutes
    return memo[key]
