"""Cuts (SOP step 8: deviations by segment, region, product line …): a cut's share of a driver
against the rest of the interviews, flagged only when Fisher's exact test supports it after a
Benjamini–Hochberg correction for the number of comparisons, and only with cells large enough."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from scipy.stats import false_discovery_control, fisher_exact

from winloss.coding.models import CodedExcerpt, Direction
from winloss.programs.health.coverage import bands_for
from winloss.programs.sampling.services import current_draw

from .drivers import Driver, Share
from .scope import Scope

CUTS: dict[str, tuple[str, str]] = {
    "region": ("Region", "entry__deal__region"),
    "segment": ("Segment (account tier)", "entry__deal__tier"),
    "industry": ("Industry", "entry__deal__industry"),
    "product_line": ("Product line", "entry__deal__product_line"),
    "competitor": ("Competitor", "entry__deal__primary_competitor__name"),
    "interviewer": ("Interviewer", "interviewer__name"),
    "band": ("Deal size", "size_band"),  # annotated: the program's deal-size bands
}
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
            "direction": self.driver.direction,
            "cell": self.share.as_dict(),
            "rest": self.rest.as_dict(),
            "too_small": self.too_small,
            "p_value": self.p_value,
            "adjusted_p": self.adjusted,
            "flagged": self.flagged,
        }


def cuts(scope: Scope, top: list[Driver]) -> dict[str, list[CutCell]]:
    """Two GROUP BYs for every cut at once: each interview has one value per cut, so counts
    of distinct interviews per combination add up exactly to each cut's counts."""
    top = top[:TOP_DRIVERS]
    interviews = scope.interviews()
    bands = bands_for(scope.program, current_draw(scope.program))
    paths = [path for _label, path in CUTS.values()]
    combos = list(
        interviews.annotate(size_band=bands.expression("entry__deal__amount"))
        .order_by()
        .values_list(*paths)
        .annotate(n=Count("id"))
    )
    cited_rows = list(
        CodedExcerpt.objects.filter(interview__in=interviews.values("pk"))
        .exclude(direction=Direction.NEUTRAL)
        .annotate(size_band=bands.expression("interview__entry__deal__amount"))
        .order_by()
        .values_list(
            *(p if p == "size_band" else f"interview__{p}" for p in paths), "theme_id", "direction"
        )
        .annotate(n=Count("interview", distinct=True))
    )
    total = sum(row[-1] for row in combos)
    result: dict[str, list[CutCell]] = {}
    for index, key in enumerate(CUTS):
        sizes: dict = defaultdict(int)
        for row in combos:
            sizes[row[index]] += row[-1]
        cited: dict[tuple, int] = defaultdict(int)
        for row in cited_rows:
            cited[(row[index], row[-3], row[-2])] += row[-1]
        cells = []
        for value, n in sorted(sizes.items(), key=lambda kv: (kv[0] is None, str(kv[0]))):
            if value in (None, ""):
                continue
            shown = bands.label(value) if key == "band" else str(value)
            if not shown:
                continue
            for driver in top:
                k = cited.get((value, driver.theme_id, driver.direction), 0)
                cells.append(
                    CutCell(
                        value=shown,
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
        table = [
            [cell.share.k, cell.share.n - cell.share.k],
            [cell.rest.k, cell.rest.n - cell.rest.k],
        ]
        cell.p_value = float(fisher_exact(table).pvalue)
    if testable:
        adjusted = false_discovery_control([c.p_value for c in testable], method="bh")
        for cell, p in zip(testable, adjusted, strict=True):
            cell.adjusted = float(p)
