"""Expected against actual buying criteria (SOP step 8, non-conformance): the themes the team
expected to win on, set beside the themes buyers actually said mattered.

A theme "mattered" to a buyer when the interview cites it at all, as a win or a loss driver:
a criterion can decide a deal either way. Shares are of every validated interview in scope,
with Wilson intervals, and ranked among all themes cited; themes buyers cited more often than
the least-cited expected one, but that nobody expected, are listed as surprises.
"""

from .drivers import MIN_N, Share
from .models import ExpectedCriterion
from .table import Table

SURPRISES = 3
BASE = "validated interviews in scope"


def expected_vs_actual(program, table: Table, minimum: int = MIN_N) -> dict:
    expected = list(
        ExpectedCriterion.objects.filter(program=program).values_list("theme_id", flat=True)
    )
    n = len(table.ids)
    import numpy as np

    mattered: dict[int, np.ndarray] = {}
    for code in table.codes:
        column = table.column(code)
        mattered[code.theme_id] = mattered.get(code.theme_id, np.zeros(n, dtype=bool)) | column
    counts = {theme_id: int(cited.sum()) for theme_id, cited in mattered.items()}
    ranked = sorted((t for t in counts if counts[t]), key=lambda t: (-counts[t], t))
    rank = {theme_id: i + 1 for i, theme_id in enumerate(ranked)}

    def row(theme_id: int) -> dict:
        theme = table.themes.get(theme_id)
        share = Share(counts.get(theme_id, 0), n, BASE, minimum)
        return {
            "theme": theme.slug if theme else "",
            "name": theme.name if theme else "",
            **share.as_dict(),
            "rank": rank.get(theme_id),
        }

    rows = [row(t) for t in expected]
    floor = min((r["k"] for r in rows), default=0)
    surprises = [row(t) for t in ranked if t not in expected and counts[t] > floor]
    return {
        "expected": rows,
        "surprises": surprises[:SURPRISES],
        "base": BASE,
        "interviews": n,
        "too_few": n < minimum,
    }
