"""Each driver across the program's waves (``Program.previous_wave``), with intervals.

Three tests per driver: the latest change (the last two waves, Fisher's exact test); the same
change like for like (``Change``: the share among the deals the driver can explain, won deals
for a win driver and the others for a loss driver, so a wave that lost more deals does not
look like a rise in a loss driver), corrected for the number of drivers compared; and this
wave against all earlier waves pooled — the wave "cut". It lives here rather than among the
cuts because a cut splits this wave's interviews, while a wave comparison needs other
programs' interviews; like the cuts it is corrected for the number of drivers compared
(Benjamini–Hochberg) and needs at least the program's minimum of deals on each side."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from winloss.coding.models import Direction
from winloss.deals.models import Outcome
from winloss.lib.stats import benjamini_hochberg, fisher_exact_p

from .cuts import ALPHA, MIN_CELL
from .drivers import Share, base_of, drivers, interview_counts
from .table import Code, Table

if TYPE_CHECKING:
    from winloss.programs.models import Program

MAX_WAVES = 8


@dataclass
class Change:
    """A driver's share among its base in the wave before and this one. Tested (and listed
    as a change anywhere) only when both sides hold the program's minimum of deals."""

    before: Share
    after: Share
    p_value: float | None = None
    adjusted: float | None = None

    @property
    def significant(self) -> bool:
        return self.adjusted is not None and self.adjusted < ALPHA

    def as_dict(self) -> dict:
        before, after = self.before.value, self.after.value
        return {
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "points": None if before is None or after is None else after - before,
            "p_value": self.p_value,
            "adjusted_p": self.adjusted,
            "tested": self.adjusted is not None,
            "significant": self.significant,
        }


@dataclass
class Trend:
    theme: str
    name: str
    direction: str
    waves: list[tuple[str, Share]]
    p_value: float | None
    earlier: Share  # all earlier waves pooled
    p_vs_earlier: float | None = None
    adjusted_vs_earlier: float | None = None
    change: Change | None = None  # the last change among the driver's base

    @property
    def differs_from_earlier(self) -> bool:
        return self.adjusted_vs_earlier is not None and self.adjusted_vs_earlier < ALPHA

    def as_dict(self) -> dict:
        return {
            "theme": self.theme,
            "name": self.name,
            "direction": self.direction,
            "waves": [{"wave": w, **s.as_dict()} for w, s in self.waves],
            "p_value_last_change": self.p_value,
            "earlier": self.earlier.as_dict(),
            "p_value_vs_earlier": self.p_vs_earlier,
            "adjusted_p_vs_earlier": self.adjusted_vs_earlier,
            "differs_from_earlier": self.differs_from_earlier,
            "change": self.change.as_dict() if self.change else None,
        }


def waves_of(program: "Program") -> list["Program"]:
    """The program and the waves before it, oldest first."""
    chain: list[Program] = []
    current: Program | None = program
    while current is not None and len(chain) < MAX_WAVES:
        chain.append(current)
        current = current.previous_wave
    return list(reversed(chain))


def _fisher(a: Share, b: Share) -> float:
    return fisher_exact_p(a.k, a.n - a.k, b.k, b.n - b.k)


def _among(part: Table, found: dict, code: Code, wave: str, minimum: int) -> Share:
    """The driver's share among its base in one wave: zero of the base when none cited it."""
    if code in found:
        share = found[code].among
    else:
        _, by_outcome = interview_counts(part)
        won = by_outcome.get(Outcome.WON, 0)
        if code.direction == Direction.WIN_DRIVER:
            n = won
        elif code.direction == Direction.LOSS_DRIVER:
            n = len(part.ids) - won
        else:
            n = len(part.ids)
        share = Share(0, n, minimum=minimum)
    return replace(share, base=f"{base_of(code.direction)} in {wave}")


def _adjust(tests: list[tuple[object, str, str]]) -> None:
    """Benjamini–Hochberg over ``(holder, p attribute, adjusted attribute)``."""
    if not tests:
        return
    adjusted = benjamini_hochberg([getattr(h, p) for h, p, _ in tests])
    for (holder, _, attribute), value in zip(tests, adjusted, strict=True):
        setattr(holder, attribute, float(value))


def trends(table: Table, waves: list, minimum: int = MIN_CELL) -> list[Trend]:
    """``table`` holds every wave in ``waves`` (oldest first), one row per deal
    (``Table.per_deal``): a wave's share is of its deals."""
    if len(waves) < 2:
        return []
    tables = []
    parts = []
    for wave in waves:
        part = table.of_program(wave.pk)
        parts.append(part)
        tables.append((wave.name, len(part.ids), {d.code: d for d in drivers(part, minimum)}))
    earlier_part = table.rows(table.program != waves[-1].pk)
    earlier = {d.code: d for d in drivers(earlier_part, minimum)}
    codes = sorted({c for _, _, t in tables for c in t}, key=lambda c: (c.direction, c.theme_id))
    result = []
    for code in codes:
        series = [
            (
                name,
                replace(
                    t[code].share if code in t else Share(0, n, minimum=minimum),
                    base=f"deals in {name}",
                ),
            )
            for name, n, t in tables
        ]
        name = next(t[code].name for _, _, t in tables if code in t)
        theme = table.themes[code.theme_id].slug
        (_, before), (_, last) = series[-2], series[-1]
        p = _fisher(last, before) if before.n and last.n else None
        pooled = (
            earlier[code].share
            if code in earlier
            else Share(0, len(earlier_part.ids), minimum=minimum)
        )
        pooled = replace(pooled, base="deals in the earlier waves")
        change = Change(
            before=_among(parts[-2], tables[-2][2], code, tables[-2][0], minimum),
            after=_among(parts[-1], tables[-1][2], code, tables[-1][0], minimum),
        )
        result.append(Trend(theme, name, code.direction, series, p, pooled, change=change))
    testable = [t for t in result if t.earlier.n >= minimum and t.waves[-1][1].n >= minimum]
    for trend in testable:
        trend.p_vs_earlier = _fisher(trend.waves[-1][1], trend.earlier)
    _adjust([(t, "p_vs_earlier", "adjusted_vs_earlier") for t in testable])
    # Like for like: a change is tested only when both waves hold enough deals in its base.
    changes = [
        t.change
        for t in result
        if t.change and t.change.before.n >= minimum and t.change.after.n >= minimum
    ]
    for change in changes:
        change.p_value = _fisher(change.after, change.before)
    _adjust([(c, "p_value", "adjusted") for c in changes])
    return sorted(result, key=lambda t: (-t.waves[-1][1].k, t.direction, t.name))
