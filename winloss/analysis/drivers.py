"""Win and loss drivers (SOP step 8): for each theme, the share of deals citing it, with a
Wilson interval, overall and by outcome. Counts are distinct rows of the table given: the
figures pass ``Table.per_deal()``, so a deal heard from several people counts once, and cites
a theme when any of its validated interviews does; the respondent-role cut passes the
interview table, whose rows are interviews. A parent theme counts rows citing it or any of
its sub-themes."""

from dataclasses import dataclass, field

import numpy as np

from winloss.deals.models import Outcome
from winloss.lib.stats import wilson_interval

from .table import Code, Table


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
    sub_themes: tuple[str, ...] = field(default=())  # names rolled into this one
    parent: str | None = None  # the parent theme's slug

    @property
    def code(self) -> Code:
        return Code(self.theme_id, self.direction)

    def as_dict(self) -> dict:
        return {
            "theme": self.theme,
            "name": self.name,
            "direction": self.direction,
            **self.share.as_dict(),
            "by_outcome": {o: s.as_dict() for o, s in self.by_outcome.items()},
            "sub_themes": list(self.sub_themes),
            "parent": self.parent,
        }


def interview_counts(table: Table) -> tuple[int, dict[str, int]]:
    """Rows in all and by outcome: interviews, or deals for a ``per_deal()`` table."""
    outcomes, counts = np.unique(table.outcome.astype(str), return_counts=True)
    return len(table.ids), {str(o): int(n) for o, n in zip(outcomes, counts, strict=True)}


def drivers(table: Table) -> list[Driver]:
    total, by_outcome = interview_counts(table)
    if not table.codes or not total:
        return []
    outcomes = sorted(by_outcome)
    # Outcome × code counts in one product: (outcomes × interviews) @ (interviews × codes).
    per_outcome = np.stack([table.outcome == o for o in outcomes]).astype(np.int64)
    counts = per_outcome @ table.cited.astype(np.int64)
    result = []
    for j, code in enumerate(table.codes):
        k = int(counts[:, j].sum())
        if not k:
            continue
        theme = table.themes[code.theme_id]
        parent = table.themes.get(theme.parent_id) if theme.parent_id else None
        result.append(
            Driver(
                theme=theme.slug,
                name=theme.name,
                theme_id=theme.pk,
                direction=code.direction,
                share=Share(k, total),
                by_outcome={
                    o: Share(int(counts[i, j]), by_outcome[o]) for i, o in enumerate(outcomes)
                },
                sub_themes=tuple(t.name for t in table.children(theme.pk)),
                parent=parent.slug if parent else None,
            )
        )
    return sorted(result, key=lambda d: (-d.share.k, d.direction, d.name))


def outcome_label(outcome: str) -> str:
    return Outcome.label_of(outcome)
