"""The survey's figures: buyer surveys are their own evidence, shown beside the interviews'
and never merged into them.

For each outcome: the share of respondents naming each main reason (of those who answered
that question, with Wilson intervals), each factor's mean importance, our performance, the
chosen vendor's performance and the gap between the two (ours minus theirs, over the buyers
who rated both), and the mean likelihood to consider us again — each with its n. Only
completed responses count. Every figure comes from a database aggregate: three queries
whatever the number of responses.
"""

from typing import Any

from django.db.models import Aggregate, Count, Exists, F, OuterRef, Q, QuerySet, Sum

from winloss.coding.models import Direction, Theme
from winloss.lib.stats import mean_interval, wilson_interval
from winloss.programs.models import Program
from winloss.surveys.models import ResponseStatus, SurveyCode, SurveyRating, SurveyResponse

BASE = "completed survey responses"
MEASURES = ("importance", "performance", "chosen_performance")
# Each figure's scale: a mean and its interval stay inside it.
SCALES = {**dict.fromkeys(MEASURES, (1, 5)), "gap": (-4, 4), "reconsider": (0, 10)}


def completed(program: Program) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(program=program, status=ResponseStatus.COMPLETED)


def survey_figures(program: Program) -> dict:
    responses = completed(program)
    counts = {
        row["outcome"]: row
        for row in responses.values("outcome").annotate(
            n=Count("pk"),
            imported=Count("pk", filter=Q(source="imported")),
            reasons=Count("pk", filter=Q(main_reason__isnull=False) | ~Q(main_reason_other="")),
            re_n=Count("reconsider"),
            re_sum=Sum("reconsider"),
            re_squares=Sum(F("reconsider") * F("reconsider")),
        )
    }
    by_outcome = {outcome: row["n"] for outcome, row in sorted(counts.items())}
    # No survey answered: one query, and nothing more to read.
    reasons = _main_reasons(responses, counts, program.min_per_outcome) if counts else {}
    factors = _factors(program) if counts else {}
    drivers = _drivers(program, responses) if counts else []
    wanted = {*reasons, *factors, *(d["theme"] for d in drivers)} - {None}
    names = {t.pk: t for t in Theme.objects.filter(pk__in=wanted).only("slug", "name")}
    return {
        "base": BASE,
        "responses": sum(by_outcome.values()),
        "responses_by_outcome": by_outcome,
        "imported": sum(row["imported"] for row in counts.values()),
        "main_reason": [
            {**_theme(names.get(pk)), "by_outcome": shares}
            for pk, shares in sorted(reasons.items(), key=lambda kv: _order(kv, names))
        ],
        "factors": [
            {**_theme(names[pk]), "by_outcome": measures}
            for pk, measures in sorted(factors.items(), key=lambda kv: _order(kv, names))
        ],
        "drivers": [{**d, **_theme(names[d["theme"]]), "evidence": "survey"} for d in drivers],
        "reconsider": {
            outcome: mean_interval(
                row["re_n"], row["re_sum"] or 0, row["re_squares"] or 0
            ).as_dict()
            for outcome, row in sorted(counts.items())
        },
    }


def _theme(theme: Theme | None) -> dict:
    if theme is None:
        return {"theme": None, "name": "Other (in their words)"}
    return {"theme": theme.slug, "name": theme.name}


def _order(item: tuple, names: dict[int, Theme]) -> tuple:
    pk, _ = item
    return (pk is None, names[pk].name.casefold() if pk in names else "")


def _main_reasons(responses: QuerySet[SurveyResponse], counts: dict, minimum: int) -> dict:
    """theme id (None: their own words) -> outcome -> share of those who answered; under the
    program's minimum an outcome's shares are "too few to tell", as the drivers'."""
    reasons: dict = {}
    rows = (
        responses.filter(Q(main_reason__isnull=False) | ~Q(main_reason_other=""))
        .values("outcome", "main_reason")
        .annotate(k=Count("pk"))
    )
    for row in rows:
        n = counts[row["outcome"]]["reasons"]
        reasons.setdefault(row["main_reason"], {})[row["outcome"]] = _share(row["k"], n, minimum)
    # A reason nobody of an outcome gave is a share of 0, not a missing figure.
    for shares in reasons.values():
        for outcome, row in counts.items():
            if row["reasons"]:
                shares.setdefault(outcome, _share(0, row["reasons"], minimum))
    return {pk: dict(sorted(shares.items())) for pk, shares in reasons.items()}


def _share(k: int, n: int, minimum: int) -> dict:
    low, high = wilson_interval(k, n)
    return {"k": k, "n": n, "share": k / n if n else None, "low": low, "high": high,
            "interval": [low, high], "too_few": n < minimum}  # fmt: skip


def _factors(program: Program) -> dict:
    """theme id -> outcome -> each measure's mean, and the gap to the chosen vendor."""
    both = Q(performance__isnull=False, chosen_performance__isnull=False)
    gap = F("performance") - F("chosen_performance")
    sums: dict[str, Aggregate] = {}
    for measure in MEASURES:
        sums[f"{measure}_n"] = Count(measure)
        sums[f"{measure}_sum"] = Sum(measure)
        sums[f"{measure}_squares"] = Sum(F(measure) * F(measure))
    rows = (
        SurveyRating.objects.filter(
            response__program=program, response__status=ResponseStatus.COMPLETED
        )
        .values("theme", "response__outcome")
        .annotate(
            **sums,
            gap_n=Count("pk", filter=both),
            gap_sum=Sum(gap, filter=both),
            gap_squares=Sum(gap * gap, filter=both),
        )
    )
    factors: dict = {}
    for found in rows:
        row: dict[str, Any] = dict(found)  # keys made from the measures' names
        figures = {
            name: mean_interval(
                row[f"{name}_n"],
                row[f"{name}_sum"] or 0,
                row[f"{name}_squares"] or 0,
                bounds=SCALES[name],
            ).as_dict()
            for name in (*MEASURES, "gap")
        }
        factors.setdefault(row["theme"], {})[row["response__outcome"]] = figures
    return {pk: dict(sorted(outcomes.items())) for pk, outcomes in factors.items()}


# What a survey driver's share is taken among: the coded answers of the outcomes it can explain.
DRIVER_BASES: dict[str, str] = {
    Direction.WIN_DRIVER: "won survey responses with a coded open answer",
    Direction.LOSS_DRIVER: "survey responses not won with a coded open answer",
    Direction.NEUTRAL: "survey responses with a coded open answer",
}


def _drivers(program: Program, responses: QuerySet[SurveyResponse]) -> list[dict]:
    """Themes coded on open answers, as a share of the responses whose answers were coded
    (a response counts once per theme and direction), with Wilson intervals — labelled
    survey evidence wherever they are shown."""
    coded = dict(
        responses.filter(Exists(SurveyCode.objects.filter(comment__response=OuterRef("pk"))))
        .values("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    if not coded:
        return []
    cited: dict[tuple[int, str], int] = {}
    rows = (
        SurveyCode.objects.filter(
            comment__response__program=program, comment__response__status=ResponseStatus.COMPLETED
        )
        .values("theme", "direction", "comment__response__outcome")
        .annotate(k=Count("comment__response", distinct=True))
    )
    for row in rows:
        outcome, direction = row["comment__response__outcome"], row["direction"]
        if _in_base(outcome, direction):
            key = (row["theme"], direction)
            cited[key] = cited.get(key, 0) + row["k"]
    found = []
    for (theme, direction), k in cited.items():
        n = sum(m for outcome, m in coded.items() if _in_base(outcome, direction))
        found.append({
            "theme": theme, "direction": direction, **_share(k, n, program.min_per_outcome),
            "base": DRIVER_BASES[direction],
        })  # fmt: skip
    return sorted(found, key=lambda d: (-(d["share"] or 0), d["theme"]))


def _in_base(outcome: str, direction: str) -> bool:
    if direction == Direction.WIN_DRIVER:
        return outcome == "won"
    if direction == Direction.LOSS_DRIVER:
        return outcome != "won"
    return True
