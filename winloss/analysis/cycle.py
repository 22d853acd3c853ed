"""Sales cycle (SOP step 8): how long deals took from opening to close, by outcome and by
driver, with intervals; drivers whose deals ran long are flagged only when the numbers hold.

A cycle is the deal's close date minus its created (opened) date, in days, from the CRM
import; deals missing either date are left out and counted. The figure is the median (cycles
are skewed: a few deals run for a year), with a distribution-free 95% interval from the
order statistics. Counts are deals: a deal heard from several people is one row. A driver is
compared like with like: a loss driver within the deals that were not won, a win driver
within the won ones, so a driver is never "long" only because lost deals run longer. The test
is Mann-Whitney's, Benjamini-Hochberg corrected across drivers, and needs the program's
minimum of deals on each side (``Program.min_per_outcome``).
"""

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from winloss.lib.stats import benjamini_hochberg, half_binomial_quantile, mann_whitney_p

from .cuts import ALPHA
from .drivers import MIN_N, Driver, base_of, in_base
from .scope import Scope
from .table import Table

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Cycle:
    days: list[int]
    minimum: int = MIN_N

    @property
    def n(self) -> int:
        return len(self.days)

    def as_dict(self) -> dict:
        if not self.days:
            return {"n": 0, "median": None, "low": None, "high": None, "too_few": True}
        low, high = median_interval(self.days)
        return {
            "n": self.n,
            "median": float(statistics.median(self.days)),
            "low": low,
            "high": high,
            "too_few": self.n < self.minimum,
        }


def median_interval(days: list[int], confidence: float = 0.95) -> tuple[float | None, float | None]:
    """The distribution-free interval for a median: the order statistics whose ranks a
    Binomial(n, ½) puts around the middle. None where n is too small for any such interval."""
    ordered, n = sorted(days), len(days)
    lower = half_binomial_quantile((1 - confidence) / 2, n)  # ranks below: the lower bound's index
    if lower < 1:
        return None, None
    return float(ordered[lower - 1]), float(ordered[n - lower])


def cycle_days(scope: Scope, ids: "np.ndarray") -> tuple["np.ndarray", int]:
    """Each interview's cycle in days, aligned with ``ids`` (NaN where a date is missing),
    and how many are missing: one read."""
    import numpy as np

    dates = dict(
        (pk, (opened, closed))
        for pk, opened, closed in scope.interviews().values_list(
            "pk", "entry__deal__created_date", "entry__deal__close_date"
        )
    )
    days = np.full(len(ids), np.nan)
    for i, pk in enumerate(ids.tolist()):
        opened, closed = dates.get(pk, (None, None))
        if opened and closed:
            days[i] = (closed - opened).days
    return days, int(np.isnan(days).sum())


def sales_cycle(scope: Scope, table: Table, top: list[Driver], minimum: int = MIN_N) -> dict:
    import numpy as np

    days, missing = cycle_days(scope, table.ids)
    known = ~np.isnan(days)
    by_outcome = {
        str(o): Cycle(_ints(days[known & (table.outcome == o)]), minimum).as_dict()
        for o in sorted(set(table.outcome.astype(str)))
    }
    rows = []
    for driver in top:
        base = in_base(table.outcome, driver.direction)
        cited = table.column(driver.code)
        citing = _ints(days[known & base & cited])
        others = _ints(days[known & base & ~cited])
        rows.append(
            {
                "theme": driver.theme,
                "name": driver.name,
                "direction": driver.direction,
                "base": base_of(driver.direction),
                "citing": Cycle(citing, minimum).as_dict(),
                "others": Cycle(others, minimum).as_dict(),
                "p_value": None,
                "adjusted": None,
                "longer": False,
            }
        )
    _test(rows, days, known, table, top, minimum)
    return {
        "by_outcome": by_outcome,
        "drivers": rows,
        "missing": missing,
        "interviews": len(table.ids),
        "min_cell": minimum,
    }


def _test(rows: list[dict], days, known, table: Table, top: list[Driver], minimum: int) -> None:
    testable = [r for r in rows if r["citing"]["n"] >= minimum and r["others"]["n"] >= minimum]
    if not testable:
        return
    by_theme = {(d.theme, d.direction): d for d in top}
    for row in testable:
        driver = by_theme[(row["theme"], row["direction"])]
        base = in_base(table.outcome, driver.direction)
        cited = table.column(driver.code)
        row["p_value"] = mann_whitney_p(days[known & base & cited], days[known & base & ~cited])
    adjusted = benjamini_hochberg([r["p_value"] for r in testable])
    for row, q in zip(testable, adjusted, strict=True):
        row["adjusted"] = float(q)
        row["longer"] = bool(q < ALPHA and row["citing"]["median"] > row["others"]["median"])


def _ints(values: "np.ndarray") -> list[int]:
    return [int(v) for v in values]
