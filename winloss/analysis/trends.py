"""Each driver across the program's waves (``Program.previous_wave``), with intervals.

Two tests per driver: the latest change (the last two waves, Fisher's exact test), and this
wave against all earlier waves pooled — the wave "cut". It lives here rather than among the
cuts because a cut splits this wave's interviews, while a wave comparison needs other
programs' interviews; like the cuts it is corrected for the number of drivers compared
(Benjamini–Hochberg) and needs at least the program's minimum of deals on each side."""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from winloss.lib.stats import fisher_exact_p

from .cuts import ALPHA, MIN_CELL
from .drivers import Share, drivers
from .table import Table

if TYPE_CHECKING:
    from winloss.programs.models import Program

MAX_WAVES = 8


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


def trends(table: Table, waves: list, minimum: int = MIN_CELL) -> list[Trend]:
    """``table`` holds every wave in ``waves`` (oldest first), one row per deal
    (``Table.per_deal``): a wave's share is of its deals."""
    if len(waves) < 2:
        return []
    tables = []
    for wave in waves:
        part = table.of_program(wave.pk)
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
        result.append(Trend(theme, name, code.direction, series, p, pooled))
    testable = [t for t in result if t.earlier.n >= minimum and t.waves[-1][1].n >= minimum]
    for trend in testable:
        trend.p_vs_earlier = _fisher(trend.waves[-1][1], trend.earlier)
    if testable:
        from scipy.stats import false_discovery_control

        adjusted = false_discovery_control([t.p_vs_earlier for t in testable], method="bh")
        for trend, value in zip(testable, adjusted, strict=True):
            trend.adjusted_vs_earlier = float(value)
    return sorted(result, key=lambda t: (-t.waves[-1][1].k, t.direction, t.name))
