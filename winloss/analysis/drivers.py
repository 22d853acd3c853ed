"""Win and loss drivers (SOP step 8): for each theme, the share of interviews citing it, with
a Wilson interval, overall, by outcome and among the interviews it can explain (its base: a
win driver among won interviews, a loss driver among the others). Counts are distinct
interviews: one row per interview in the analysis table, so a sum over rows is a count of
interviews. A parent theme counts interviews citing it or any of its sub-themes."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from winloss.coding.models import Direction
from winloss.deals.models import Outcome
from winloss.lib.stats import wilson_interval

from .table import Code, Table

if TYPE_CHECKING:
    import numpy as np


# Fewer interviews than this in a figure's base and it is "too few to tell": shown with its n,
# never flagged, ranked or charted as a finding. A program may set its own minimum.
MIN_N = 5
ALL = "interviews analysed"
WON_BASE = "won interviews"
NOT_WON_BASE = "interviews of deals not won"


@dataclass(frozen=True)
class Share:
    k: int
    n: int
    base: str = ALL  # what n counts, in words a reader can check
    minimum: int = MIN_N

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def too_few(self) -> bool:
        return self.n < self.minimum

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.k, self.n)

    def as_dict(self) -> dict:
        low, high = self.interval
        return {
            "k": self.k,
            "n": self.n,
            "share": self.value,
            "low": low,
            "high": high,
            "base": self.base,
            "too_few": self.too_few,
        }


def base_of(direction: str) -> str:
    """The interviews a driver's share is taken among: a loss driver is only cited in
    interviews of deals not won, so counting it over won ones would dilute it by the mix."""
    if direction == Direction.WIN_DRIVER:
        return WON_BASE
    if direction == Direction.LOSS_DRIVER:
        return NOT_WON_BASE
    return ALL


def in_base(outcomes: "np.ndarray", base: str) -> "np.ndarray":
    """Rows of an outcome array that belong to ``base``."""
    import numpy as np

    if base == WON_BASE:
        return outcomes == Outcome.WON
    if base == NOT_WON_BASE:
        return outcomes != Outcome.WON
    return np.ones(len(outcomes), dtype=bool)


def outcome_base(outcome: str) -> str:
    return f"{Outcome.label_of(outcome).lower()} interviews"


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
    def among(self) -> Share:
        """The share in the driver's base ("pricing in 30 of 60 interviews of deals not
        won"): what a leader compares and what the report ranks."""
        base = base_of(self.direction)
        if base == ALL:
            return self.share
        won = base == WON_BASE
        cells = [s for o, s in self.by_outcome.items() if (o == Outcome.WON) == won]
        return Share(sum(c.k for c in cells), sum(c.n for c in cells), base, self.share.minimum)

    @property
    def code(self) -> Code:
        return Code(self.theme_id, self.direction)

    def as_dict(self) -> dict:
        return {
            "theme": self.theme,
            "name": self.name,
            "direction": self.direction,
            **self.share.as_dict(),
            "among": self.among.as_dict(),
            "by_outcome": {o: s.as_dict() for o, s in self.by_outcome.items()},
            "sub_themes": list(self.sub_themes),
            "parent": self.parent,
        }


def interview_counts(table: Table) -> tuple[int, dict[str, int]]:
    import numpy as np

    outcomes, counts = np.unique(table.outcome.astype(str), return_counts=True)
    return len(table.ids), {str(o): int(n) for o, n in zip(outcomes, counts, strict=True)}


def drivers(table: Table, minimum: int = MIN_N) -> list[Driver]:
    import numpy as np

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
                share=Share(k, total, ALL, minimum),
                by_outcome={
                    o: Share(int(counts[i, j]), by_outcome[o], outcome_base(o), minimum)
                    for i, o in enumerate(outcomes)
                },
                sub_themes=tuple(t.name for t in table.children(theme.pk)),
                parent=parent.slug if parent else None,
            )
        )
    return sorted(result, key=lambda d: (-d.share.k, d.direction, d.name))


def outcome_label(outcome: str) -> str:
    return Outcome.label_of(outcome)
