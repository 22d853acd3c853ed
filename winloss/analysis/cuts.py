"""Cuts (SOP step 8: deviations by segment, region, product line …): a cut's share of a driver
against the rest of the interviews, flagged only when Fisher's exact test supports it after a
Benjamini–Hochberg correction for the number of comparisons, and only with cells large enough."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.stats import false_discovery_control

from winloss.lib.stats import fisher_exact_p

from .drivers import Driver, Share
from .scope import CUTS
from .table import Table

__all__ = ["ALPHA", "CUTS", "MIN_CELL", "TOP_DRIVERS", "CutCell", "cuts"]

MIN_CELL = 5  # interviews in a cell (and in the rest) before a difference is tested
ALPHA = 0.05
TOP_DRIVERS = 8


@dataclass
class CutCell:
    value: str
    driver: Driver
    share: Share
    rest: Share
    p_value: float | None = None
    adjusted: float | None = None

    @property
    def too_small(self) -> bool:
        return self.share.n < MIN_CELL or self.rest.n < MIN_CELL

    @property
    def flagged(self) -> bool:
        return self.adjusted is not None and self.adjusted < ALPHA

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "theme": self.driver.theme,
            "name": self.driver.name,
            "direction": self.driver.direction,
            "cell": self.share.as_dict(),
            "rest": self.rest.as_dict(),
            "too_small": self.too_small,
            "p_value": self.p_value,
            "adjusted_p": self.adjusted,
            "flagged": self.flagged,
        }


def cuts(
    table: Table, top: list[Driver], bands=None, keys: Iterable[str] = CUTS
) -> dict[str, list[CutCell]]:
    """The cuts ``keys`` (every one by default) from the analysis table: each row has one
    value per cut, so a value's (rows × top drivers) counts are one matrix product. Rows are
    deals or interviews, as the table holds (``figures.analysis`` passes each its own)."""
    top = top[:TOP_DRIVERS]
    total = len(table.ids)
    columns = None
    if top:
        columns = np.stack([table.column(d.code) for d in top], axis=1).astype(np.int64)
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
        if order and columns is not None:
            member = np.stack([values == v for v in order]).astype(np.int64)
            sizes = member.sum(axis=1)
            cited = member @ columns  # values × drivers
            for i, value in enumerate(order):
                for j, driver in enumerate(top):
                    k, n = int(cited[i, j]), int(sizes[i])
                    cells.append(
                        CutCell(
                            value=shown[value],
                            driver=driver,
                            share=Share(k, n),
                            rest=Share(driver.share.k - k, total - n),
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
        adjusted = false_discovery_control([c.p_value for c in testable], method="bh")
        for cell, p in zip(testable, adjusted, strict=True):
            cell.adjusted = float(p)
