"""Cuts (SOP step 8: deviations by segment, region, product line …): a cut's share of a driver
against the rest (deals or interviews), flagged only when Fisher's exact test supports it after a
Benjamini–Hochberg correction for the number of comparisons, and only with cells large enough.

Like is compared with like: a loss driver among the deals not won, a win driver among won ones
(``drivers.base_of``). A segment with more losses would otherwise "have more" of every loss
driver by its outcome mix alone. The cuts that describe the deal count deals (the per-deal
table); those that differ per voice count interviews (the interview table), and every base
says which. Every cut in ``scope.CUTS`` goes through the same code: a new cut is one entry
there and one column in the analysis table.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from winloss.lib.stats import benjamini_hochberg, fisher_exact_p
from winloss.programs.sampling.strata import Bands

from .drivers import MIN_N, Driver, Share, base_of, in_base
from .scope import CUTS
from .table import Table

__all__ = ["ALPHA", "CUTS", "MIN_CELL", "TOP_DRIVERS", "CutCell", "cuts"]

MIN_CELL = MIN_N  # rows in a cell's base (and in the rest's) before it is tested
ALPHA = 0.05
TOP_DRIVERS = 8


@dataclass
class CutCell:
    value: str
    driver: Driver
    share: Share
    rest: Share
    group: int = 0  # rows (deals or interviews) with this value, whatever their outcome
    p_value: float | None = None
    adjusted: float | None = None

    @property
    def too_small(self) -> bool:
        return self.share.too_few or self.rest.too_few

    @property
    def flagged(self) -> bool:
        return not self.too_small and self.adjusted is not None and self.adjusted < ALPHA

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "interviews": self.group,
            "theme": self.driver.theme,
            "name": self.driver.name,
            "direction": self.driver.direction,
            "base": base_of(self.driver.direction, self.driver.unit),
            "cell": self.share.as_dict(),
            "rest": self.rest.as_dict(),
            "too_small": self.too_small,
            "p_value": self.p_value,
            "adjusted_p": self.adjusted,
            "flagged": self.flagged,
        }


def cuts(
    table: Table,
    top: list[Driver],
    bands: Bands | None = None,
    keys: Iterable[str] = CUTS,
    minimum: int = MIN_CELL,
) -> dict[str, list[CutCell]]:
    """The cuts ``keys`` (every one by default) from the analysis table: each row has one
    value per cut, so a value's (rows × top drivers) counts within each driver's base are one
    matrix product. Rows are deals or interviews, as the table holds (``figures.analysis``
    passes each its own, with drivers of the same unit, whose words every base takes)."""
    import numpy as np

    top = top[:TOP_DRIVERS]
    bases = [base_of(d.direction, d.unit) for d in top]
    within = cited = None
    if top:
        # Rows × drivers: is the row in the driver's base, and does it cite the driver.
        within = np.stack([in_base(table.outcome, d.direction) for d in top], axis=1)
        cited = np.stack([table.column(d.code) for d in top], axis=1) & within
        within, cited = within.astype(np.int64), cited.astype(np.int64)
    result: dict[str, list[CutCell]] = {}
    for key in keys:
        values = table.cuts[key]
        shown = {}
        for value in {v for v in values if v not in (None, "")}:
            label = bands.label(value) if key == "band" and bands else str(value)
            if label:
                shown[value] = label
        order = sorted(shown, key=str)
        cells = []
        if order and within is not None and cited is not None:
            member = np.stack([values == v for v in order]).astype(np.int64)
            sizes, counts = member @ within, member @ cited  # values × drivers
            groups = member.sum(axis=1)
            all_n, all_k = within.sum(axis=0), cited.sum(axis=0)
            for i, value in enumerate(order):
                for j, driver in enumerate(top):
                    k, n = int(counts[i, j]), int(sizes[i, j])
                    rest_k, rest_n = int(all_k[j]) - k, int(all_n[j]) - n
                    cells.append(
                        CutCell(
                            value=shown[value],
                            driver=driver,
                            share=Share(k, n, f"{bases[j]}, {shown[value]}", minimum),
                            rest=Share(rest_k, rest_n, f"{bases[j]}, the rest", minimum),
                            group=int(groups[i]),
                        )
                    )
        result[key] = cells
    _test(c for cells in result.values() for c in cells)
    return result


def _test(cells) -> None:
    testable = [c for c in cells if not c.too_small]
    for cell in testable:
        cell.p_value = fisher_exact_p(
            cell.share.k, cell.share.n - cell.share.k, cell.rest.k, cell.rest.n - cell.rest.k
        )
    if testable:
        adjusted = benjamini_hochberg([c.p_value for c in testable])
        for cell, p in zip(testable, adjusted, strict=True):
            cell.adjusted = float(p)
