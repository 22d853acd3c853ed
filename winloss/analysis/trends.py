"""Each driver across the program's waves, with intervals, and whether the latest change is
more than chance (Fisher's exact test between the last two waves)."""

from dataclasses import dataclass

from scipy.stats import fisher_exact

from .drivers import Share, drivers
from .scope import Scope

MAX_WAVES = 8


@dataclass(frozen=True)
class Trend:
    theme: str
    name: str
    direction: str
    waves: list[tuple[str, Share]]
    p_value: float | None

    def as_dict(self) -> dict:
        return {
            "theme": self.theme,
            "direction": self.direction,
            "waves": [{"wave": w, **s.as_dict()} for w, s in self.waves],
            "p_value_last_change": self.p_value,
        }


def waves_of(program) -> list:
    chain, current = [], program
    while current is not None and len(chain) < MAX_WAVES:
        chain.append(current)
        current = current.previous_wave
    return list(reversed(chain))


def trends(scope: Scope) -> list[Trend]:
    waves = waves_of(scope.program)
    if len(waves) < 2:
        return []
    tables = [
        (w.name, {(d.theme, d.direction): d for d in drivers(Scope(w, scope.filters))})
        for w in waves
    ]
    sizes = {name: next(iter(t.values())).share.n if t else 0 for name, t in tables}
    keys = sorted({k for _, t in tables for k in t})
    result = []
    for key in keys:
        series = [(name, t[key].share if key in t else Share(0, sizes[name])) for name, t in tables]
        name = next(t[key].name for _, t in tables if key in t)
        (_, before), (_, last) = series[-2], series[-1]
        p = None
        if before.n and last.n:
            p = float(
                fisher_exact([[last.k, last.n - last.k], [before.k, before.n - before.k]]).pvalue
            )
        result.append(Trend(key[0], name, key[1], series, p))
    return result
