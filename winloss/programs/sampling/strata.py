"""Strata for SOP step 2: outcome × a segment dimension × a deal-size band.

Bands are computed in the database (a CASE on the amount), so counting the pipeline by
stratum is one GROUP BY whatever the number of deals.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When

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
# Amounts in two currencies cannot share bands (there is no exchange rate to trust here):
# when the scope holds several, bands are cut in its main currency and the other currencies'
# deals make a band of their own.
OTHER_CURRENCY = -2
OTHER_CURRENCY_LABEL = "In another currency"


def money(value: Decimal) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Bands:
    """Deal-size bands: band 0 is below the first edge, band i starts at edge i-1. With a
    ``currency`` (a scope of several currencies), the edges are amounts in it, and deals in
    any other currency are in the ``OTHER_CURRENCY`` band."""

    edges: tuple[Decimal, ...] = ()
    currency: str = ""

    @property
    def labels(self) -> list[str]:
        if not self.edges:
            return [""]
        unit = f" {self.currency}" if self.currency else ""
        labels = [f"Under {money(self.edges[0])}{unit}"]
        labels += [
            f"{money(a)}–{money(b)}{unit}" for a, b in zip(self.edges, self.edges[1:], strict=False)
        ]
        labels.append(f"{money(self.edges[-1])}{unit} and over")
        return labels

    @classmethod
    def of_draw(cls, draw: "SampleDraw") -> "Bands":
        """The bands a draw used, as it stored them (amounts as text)."""
        return cls(tuple(Decimal(e) for e in draw.band_edges), draw.band_currency)

    def label(self, index: int) -> str:
        if index == NO_AMOUNT:
            return NO_AMOUNT_LABEL if self.edges else ""
        if index == OTHER_CURRENCY:
            return OTHER_CURRENCY_LABEL if self.edges else ""
        return self.labels[index]

    def index_of(self, label: str) -> int:
        if label == NO_AMOUNT_LABEL and self.edges:
            return NO_AMOUNT
        if label == OTHER_CURRENCY_LABEL and self.edges and self.currency:
            return OTHER_CURRENCY
        return self.labels.index(label)

    def expression(self, amount: str = "amount") -> Case | Value:
        """The band index of a deal's amount (``amount`` is the path to it), as SQL."""
        if not self.edges:
            return Value(0, output_field=IntegerField())
        whens = [When(**{f"{amount}__isnull": True}, then=Value(NO_AMOUNT))]
        if self.currency:
            currency = amount.removesuffix("amount") + "currency"
            whens.append(When(~Q(**{currency: self.currency}), then=Value(OTHER_CURRENCY)))
        whens += [
            When(**{f"{amount}__lt": edge}, then=Value(i)) for i, edge in enumerate(self.edges)
        ]
        return Case(*whens, default=Value(len(self.edges)), output_field=IntegerField())


def band_currency(deals: QuerySet[Deal]) -> str:
    """The currency deal-size bands are cut in: "" when the deals with an amount are all in
    one currency (the bands need not say it), else the one most of them are in."""
    counts = (
        deals.exclude(amount__isnull=True).order_by().values("currency").annotate(n=Count("pk"))
    )
    return _main_currency({row["currency"]: row["n"] for row in counts})


def _main_currency(deals_per_currency: dict[str, int]) -> str:
    """ "" for one currency; else the one with the most deals (the first by name on a tie)."""
    if len(deals_per_currency) < 2:
        return ""
    return min(deals_per_currency, key=lambda c: (-deals_per_currency[c], c))


def quantile_bands(deals: QuerySet[Deal], count: int) -> Bands:
    """Bands that split the deals with an amount into ``count`` bands of about equal size,
    cut in the main currency when the deals hold several (see ``band_currency``).

    One sorted read of the amounts and their currencies: the scope's exclusion rules are
    evaluated once, where a count and an OFFSET query per edge evaluated them again each time.
    """
    rows = cast(
        list[tuple[str, Decimal]],
        list(
            deals.exclude(amount__isnull=True).order_by("amount").values_list("currency", "amount")
        ),
    )
    currency = _main_currency(Counter(currency for currency, _ in rows))
    amounts = [amount for c, amount in rows if not currency or c == currency]
    return Bands(_edges(amounts, count), currency)


def _edges(amounts: list[Decimal], count: int) -> tuple[Decimal, ...]:
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
