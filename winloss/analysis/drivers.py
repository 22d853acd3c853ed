"""Win and loss drivers (SOP step 8): for each theme, the share of deals citing it, with a
Wilson interval, overall, by outcome and among the deals it can explain (its base: a win driver
among won deals, a loss driver among the others). Counts are distinct rows of the table given:
the figures pass ``Table.per_deal()``, so a deal heard from several people counts once, and
cites a theme when any of its validated interviews does; the voice cuts pass the interview
table, whose rows are interviews, with ``unit=INTERVIEWS`` so every base says so. A parent
theme counts rows citing it or any of its sub-themes."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from winloss.coding.models import Direction
from winloss.deals.models import Outcome
from winloss.lib.stats import wilson_interval

from .table import Code, Table

if TYPE_CHECKING:
    import numpy as np


# Fewer rows than this in a figure's base and it is "too few to tell": shown with its n, never
# flagged, ranked or charted as a finding. A program may set its own minimum.
MIN_N = 5
# What a row counts: deal-level figures count deals (``Table.per_deal``), voice cuts interviews.
DEALS = "deals"
INTERVIEWS = "interviews"
ALL = "deals analysed"
WON_BASE = "won deals"
NOT_WON_BASE = "deals not won"


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


def base_of(direction: str, unit: str = DEALS) -> str:
    """The rows a driver's share is taken among: a loss driver is only cited for deals not
    won, so counting it over won ones would dilute it by the mix. ``unit`` says what a row
    counts ("won deals", or "won interviews" on the interview table)."""
    if direction == Direction.WIN_DRIVER:
        return f"won {unit}"
    if direction == Direction.LOSS_DRIVER:
        return NOT_WON_BASE if unit == DEALS else f"{unit} of deals not won"
    return f"{unit} analysed"


def in_base(outcomes: "np.ndarray", direction: str) -> "np.ndarray":
    """Rows of an outcome array that belong to the base of a driver of ``direction``."""
    import numpy as np

    if direction == Direction.WIN_DRIVER:
        return outcomes == Outcome.WON
    if direction == Direction.LOSS_DRIVER:
        return outcomes != Outcome.WON
    return np.ones(len(outcomes), dtype=bool)


def outcome_base(outcome: str, unit: str = DEALS) -> str:
    return f"{Outcome.label_of(outcome).lower()} {unit}"


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
    unit: str = DEALS  # what the table's rows count

    @property
    def among(self) -> Share:
        """The share in the driver's base ("pricing in 30 of 60 deals not won"): what a
        leader compares and what the report ranks."""
        if self.direction not in (Direction.WIN_DRIVER, Direction.LOSS_DRIVER):
            return self.share
        base = base_of(self.direction, self.unit)
        won = self.direction == Direction.WIN_DRIVER
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
    """Rows in all and by outcome: interviews, or deals for a ``per_deal()`` table."""
    import numpy as np

    outcomes, counts = np.unique(table.outcome.astype(str), return_counts=True)
    return len(table.ids), {str(o): int(n) for o, n in zip(outcomes, counts, strict=True)}


def drivers(table: Table, minimum: int = MIN_N, unit: str = DEALS) -> list[Driver]:
    """``unit`` names what the table's rows are: deals for ``Table.per_deal()``, else
    interviews."""
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
                share=Share(k, total, f"{unit} analysed", minimum),
                by_outcome={
                    o: Share(int(counts[i, j]), by_outcome[o], outcome_base(o, unit), minimum)
                    for i, o in enumerate(outcomes)
                },
                sub_themes=tuple(t.name for t in table.children(theme.pk)),
                parent=parent.slug if parent else None,
                unit=unit,
            )
        )
    return sorted(result, key=lambda d: (-d.share.k, d.direction, d.name))


def outcome_label(outcome: str) -> str:
    return Outcome.label_of(outcome)
