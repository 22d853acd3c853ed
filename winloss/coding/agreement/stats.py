"""Inter-coder agreement (SOP step 7): Cohen's kappa per theme and Krippendorff's alpha.

Degenerate cases: kappa and alpha divide by the disagreement chance alone would produce.
When every code given is one and the same value (both coders said "absent" for every unit,
say), that is 0/0. We return 1.0 there, as the coders never disagreed, rather than NaN,
which a report cannot show; the figure is still only as good as the number of units behind
it, which a report shows beside it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Literal, SupportsFloat, TypeVar, cast

# The libraries load when a figure is computed: the report imports this module, and most
# programs have no interview coded twice (scikit-learn alone costs a second to load).
if TYPE_CHECKING:
    import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
Unit = TypeVar("Unit", bound=Hashable)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa of two coders' codes for the same units, ``a[i]`` and ``b[i]``.

    1.0 when both coders gave every unit the same single code (see the module's note).
    """
    if len(a) != len(b):
        raise ValueError(f"The coders coded different numbers of units: {len(a)} and {len(b)}.")
    if not a:
        raise ValueError("There are no units coded by both coders.")
    if len(set(a) | set(b)) == 1:
        return 1.0
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(list(a), list(b)))


def kappa_per_theme(
    codings_a: Mapping[Unit, Set[str]], codings_b: Mapping[Unit, Set[str]]
) -> dict[str, float]:
    """Cohen's kappa per theme, on the theme's presence or absence in each unit.

    Only units both coders coded count (double-coded ones); a unit one coder left without
    themes is a unit where every theme is absent. Themes neither coder used on those units
    are left out, having no agreement to measure.
    """
    units = [unit for unit in codings_a if unit in codings_b]
    themes = {theme for unit in units for theme in codings_a[unit] | codings_b[unit]}
    return {
        theme: cohen_kappa(
            [theme in codings_a[unit] for unit in units],
            [theme in codings_b[unit] for unit in units],
        )
        for theme in sorted(themes, key=str)
    }


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[object]], level: Level = "nominal"
) -> float:
    """Krippendorff's alpha of coders × units data; ``None`` (or NaN) marks a missing code.

    Nominal codes may be any hashable values (theme slugs); the other levels need numbers.
    1.0 when every pairable code is the same value (see the module's note).
    """
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}: use one of {', '.join(LEVELS)}.")
    rows = [list(row) for row in reliability_data]
    if len(rows) < 2 or len({len(row) for row in rows}) != 1:
        raise ValueError("Alpha needs two or more coders, each with a code slot per unit.")
    import krippendorff
    import numpy as np

    data = _numeric(rows, level)
    pairable = np.sum(~np.isnan(data), axis=0) >= 2
    if not pairable.any():
        raise ValueError("No unit has codes from two coders.")
    if len(np.unique(data[:, pairable][~np.isnan(data[:, pairable])])) == 1:
        return 1.0
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def _numeric(rows: list[list[object]], level: str) -> np.ndarray:
    import numpy as np

    def missing(value: object) -> bool:
        return value is None or (isinstance(value, float) and math.isnan(value))

    if level != "nominal":
        # Numbers at these levels (the caller's part, see krippendorff_alpha).
        return np.array(
            [[np.nan if missing(v) else float(cast(SupportsFloat, v)) for v in row] for row in rows]
        )
    # Nominal values only need telling apart: number them in order of appearance.
    codes: dict[object, int] = {}
    return np.array(
        [
            [np.nan if missing(v) else float(codes.setdefault(v, len(codes))) for v in row]
            for row in rows
        ]
    )
