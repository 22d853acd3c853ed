"""Win and loss drivers (SOP step 8): for each theme, the share of interviews citing it, with
a Wilson interval, overall and by outcome. Counts are distinct interviews, from one GROUP BY."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from winloss.coding.models import CodedExcerpt, Direction, Theme
from winloss.deals.models import Outcome
from winloss.lib.stats import wilson_interval

from .scope import Scope


@dataclass(frozen=True)
class Share:
    k: int
    n: int

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.k, self.n)

    def as_dict(self) -> dict:
        low, high = self.interval
        return {"k": self.k, "n": self.n, "share": self.value, "low": low, "high": high}


@dataclass(frozen=True)
class Driver:
    theme: str  # slug
    name: str
    theme_id: int
    direction: str
    share: Share
    by_outcome: dict[str, Share]

    def as_dict(self) -> dict:
        return {
            "theme": self.theme,
            "name": self.name,
            "direction": self.direction,
            **self.share.as_dict(),
            "by_outcome": {o: s.as_dict() for o, s in self.by_outcome.items()},
        }


def interview_counts(scope: Scope) -> tuple[int, dict[str, int]]:
    by_outcome = dict(
        scope.interviews().order_by().values_list("entry__outcome").annotate(n=Count("id"))
    )
    return sum(by_outcome.values()), by_outcome


def drivers(scope: Scope) -> list[Driver]:
    total, by_outcome = interview_counts(scope)
    rows = (
        CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        .exclude(direction=Direction.NEUTRAL)
        .order_by()
        .values_list("theme_id", "direction", "interview__entry__outcome")
        .annotate(n=Count("interview", distinct=True))
    )
    cited: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for theme_id, direction, outcome, n in rows:
        cited[(theme_id, direction)][outcome] = n
    # Distinct interviews over all outcomes: an interview is one outcome, so the sum is exact.
    themes = {t.pk: t for t in Theme.objects.filter(pk__in={k[0] for k in cited})}
    result = [
        Driver(
            theme=themes[theme_id].slug,
            name=themes[theme_id].name,
            theme_id=theme_id,
            direction=direction,
            share=Share(sum(per.values()), total),
            by_outcome={o: Share(per.get(o, 0), n) for o, n in sorted(by_outcome.items())},
        )
        for (theme_id, direction), per in cited.items()
    ]
    return sorted(result, key=lambda d: (-d.share.k, d.direction, d.name))


def outcome_label(outcome: str) -> str:
    return Outcome(outcome).label if outcome in Outcome.values else outcome
