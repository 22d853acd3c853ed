"""Strata for SOP step 2: outcome × a segment dimension × a deal-size band.

Bands are computed in the database (a CASE on the amount), so counting the pipeline by
stratum is one GROUP BY whatever the number of deals.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Case, CharField, F, IntegerField, QuerySet, Value, When

from winloss.deals.models import Deal

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from ..models import SampleDraw


class Strata(TypedDict):
    """What ``annotate_strata`` adds to each deal."""

    stratum_segment: str
    stratum_band: int


# The deal fields a sample can be stratified by, as the scope form names them.
SEGMENT_DIMENSIONS: dict[str, str] = {
    "": "No segment",
    "region": "Region",
    "product_line": "Product line",
    "industry": "Industry",
    "tier": "Account tier",
}
BAND_METHODS: dict[str, str] = {
    "terciles": "Three bands of equal size (terciles)",
    "quartiles": "Four bands of equal size (quartiles)",
    "custom": "Bands starting at amounts you give",
    "none": "No deal-size bands",
}
QUANTILES = {"terciles": 3, "quartiles": 4}
NO_AMOUNT = -1  # the band of deals whose amount the CRM left empty
NO_AMOUNT_LABEL = "No amount"


def money(value: Decimal) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Bands:
    """Deal-size bands: band 0 is below the first edge, band i starts at edge i-1."""

    edges: tuple[Decimal, ...] = ()

    @property
    def labels(self) -> list[str]:
        if not self.edges:
            return [""]
        labels = [f"Under {money(self.edges[0])}"]
        labels += [
            f"{money(a)}–{money(b)}" for a, b in zip(self.edges, self.edges[1:], strict=False)
        ]
        labels.append(f"{money(self.edges[-1])} and over")
        return labels

    @classmethod
    def of_draw(cls, draw: "SampleDraw") -> "Bands":
        """The bands a draw used, as it stored them (amounts as text)."""
        return cls(tuple(Decimal(e) for e in draw.band_edges))

    def label(self, index: int) -> str:
        if index == NO_AMOUNT:
            return NO_AMOUNT_LABEL if self.edges else ""
        return self.labels[index]

    def index_of(self, label: str) -> int:
        if label == NO_AMOUNT_LABEL and self.edges:
            return NO_AMOUNT
        return self.labels.index(label)

    def expression(self, amount: str = "amount") -> Case | Value:
        """The band index of a deal's amount (``amount`` is the path to it), as SQL."""
        if not self.edges:
            return Value(0, output_field=IntegerField())
        whens = [When(**{f"{amount}__isnull": True}, then=Value(NO_AMOUNT))]
        whens += [
            When(**{f"{amount}__lt": edge}, then=Value(i)) for i, edge in enumerate(self.edges)
        ]
        return Case(*whens, default=Value(len(self.edges)), output_field=IntegerField())


def quantile_edges(deals: QuerySet[Deal], count: int) -> tuple[Decimal, ...]:
    """Edges that split the deals with an amount into ``count`` bands of about equal size.

    One sorted read of the amounts alone: the scope's exclusion rules are evaluated once,
    where a count and an OFFSET query per edge evaluated them again each time.
    """
    # Without the nulls, which the stubs cannot tell from the query.
    amounts = cast(
        list[Decimal],
        list(
            deals.exclude(amount__isnull=True).order_by("amount").values_list("amount", flat=True)
        ),
    )
    total = len(amounts)
    if total < count:
        return ()
    edges: list[Decimal] = []
    for i in range(1, count):
        edge = amounts[total * i // count]
        if edge > 0 and (not edges or edge > edges[-1]):
            edges.append(edge)
    return tuple(edges)


def annotate_strata(
    deals: QuerySet[Deal], dimension: str, bands: Bands
) -> "QuerySet[WithAnnotations[Deal, Strata]]":
    """Each deal with ``stratum_segment`` and ``stratum_band`` (the band's index)."""
    if dimension and dimension not in SEGMENT_DIMENSIONS:
        raise ValueError(f"{dimension!r} is not a segment dimension.")
    segment = F(dimension) if dimension else Value("", output_field=CharField())
    return deals.annotate(stratum_segment=segment, stratum_band=bands.expression())
