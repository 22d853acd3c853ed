"""How well the sample and the interviews cover the closed pipeline, cut by cut.

Every count is a GROUP BY in the database; only the per-cell totals come into Python.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from winloss.deals.models import Deal, Outcome
from winloss.lib.stats import Fit, goodness_of_fit

from ..models import ACTIVE_STATUSES, Allocation, EntryStatus, Program, SampleDraw, SampleEntry
from ..queries import deals_in_scope
from ..sampling.strata import QUANTILES, Bands, annotate_strata, quantile_bands

# The cuts program health reports, as the SOP and the brief name them.
DIMENSIONS: dict[str, str] = {
    "outcome": "Outcome",
    "region": "Region",
    "industry": "Industry",
    "tier": "Account tier",
    "product_line": "Product line",
    "band": "Deal size",
}
SMALL_CELL = 5  # fewer interviews than this in a cell: too few to conclude anything
BLANK = "(not recorded)"


@dataclass(frozen=True)
class CoverageRow:
    key: str
    pipeline: int
    sampled: int
    interviewed: int

    def share(self, total: int, n: int) -> float:
        return n / total if total else 0.0


@dataclass(frozen=True)
class Coverage:
    dimension: str
    label: str
    rows: list[CoverageRow]
    sample_fit: Fit
    interview_fit: Fit
    by_design: bool  # the sample was balanced on this cut on purpose

    @property
    def totals(self) -> tuple[int, int, int]:
        return (
            sum(r.pipeline for r in self.rows),
            sum(r.sampled for r in self.rows),
            sum(r.interviewed for r in self.rows),
        )

    @property
    def shares(self) -> list[tuple[CoverageRow, float, float, float]]:
        pipeline, sampled, interviewed = self.totals
        return [
            (
                r,
                r.share(pipeline, r.pipeline),
                r.share(sampled, r.sampled),
                r.share(interviewed, r.interviewed),
            )
            for r in self.rows
        ]

    @property
    def small_cells(self) -> list[CoverageRow]:
        """Cells of the pipeline heard fewer than SMALL_CELL times (once interviews exist)."""
        if not self.totals[2]:
            return []
        return [r for r in self.rows if r.pipeline and r.interviewed < SMALL_CELL]


def _key(dimension: str, value) -> str:
    if dimension == "outcome":
        return Outcome.label_of(str(value))
    return str(value) if value not in (None, "") else BLANK


def bands_for(program: Program, draw: SampleDraw | None) -> Bands:
    if draw is not None and draw.band_edges:
        return Bands.of_draw(draw)
    return quantile_bands(deals_in_scope(program), QUANTILES["terciles"])


def coverage(program: Program, dimension: str, draw: SampleDraw | None) -> Coverage:
    if dimension not in DIMENSIONS:
        raise ValueError(f"{dimension!r} is not a coverage dimension.")
    # Only the deal-size cut needs the bands: working out their edges reads every amount.
    bands = bands_for(program, draw) if dimension == "band" else Bands(())
    pipeline_qs: QuerySet[Deal] = deals_in_scope(program)
    entries = SampleEntry.objects.filter(
        program=program, draw__discarded_at__isnull=True, status__in=ACTIVE_STATUSES
    )
    if dimension == "band":
        pipeline_qs = annotate_strata(pipeline_qs, "", bands)
        field, deal_field = "stratum_band", "stratum_band"
        entries = entries.annotate(stratum_band=bands.expression("deal__amount"))
    else:
        field, deal_field = dimension, f"deal__{dimension}"
    pipeline = dict(pipeline_qs.order_by().values_list(field).annotate(n=Count("id")))
    counts = (
        entries.order_by()
        .values_list(deal_field)
        .annotate(
            sampled=Count("id"),
            interviewed=Count("id", filter=Q(status=EntryStatus.INTERVIEWED)),
        )
    )
    sampled = {value: (s, i) for value, s, i in counts}
    keys = sorted(set(pipeline) | set(sampled), key=lambda v: (v is None, str(v)))

    def label(value) -> str:
        if dimension == "band":
            return bands.label(value) or "All sizes"
        return _key(dimension, value)

    rows = [
        CoverageRow(
            label(v), pipeline.get(v, 0), sampled.get(v, (0, 0))[0], sampled.get(v, (0, 0))[1]
        )
        for v in keys
    ]
    population = {r.key: max(r.pipeline, 1 if r.sampled else 0) for r in rows}
    return Coverage(
        dimension=dimension,
        label=DIMENSIONS[dimension],
        rows=rows,
        sample_fit=goodness_of_fit({r.key: r.sampled for r in rows}, population),
        interview_fit=goodness_of_fit({r.key: r.interviewed for r in rows}, population),
        by_design=dimension == "outcome"
        and draw is not None
        and draw.allocation == Allocation.BALANCED,
    )
