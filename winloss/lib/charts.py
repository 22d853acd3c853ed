"""Charts as SVG bytes, so one chart serves the web page, the PDF and the slides alike.

Rendering goes through ``matplotlib.figure.Figure`` directly, never pyplot: pyplot keeps global
state and is not safe in a threaded web server, while a bare Figure with its own canvas is.
Output is deterministic (fixed hash salt, no date) so the same data gives the same bytes,
which keeps exported reports reproducible and lets tests compare charts.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

# Okabe–Ito, reordered so the first colours contrast most on white; its yellow is last
# because thin yellow bars are hard to see.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442"]

WIDTH_INCHES = 7.0

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    # Text stays <text> in the SVG: selectable, searchable, and scaled by the browser.
    "svg.fonttype": "none",
    # Element ids are hashed from this salt; a random salt would change the bytes every run.
    "svg.hashsalt": "winloss",
    # Segment names such as "$1M+ deals" must print as typed, not as maths.
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@contextmanager
def chart_style() -> Iterator[None]:
    with rc_context(_RC):  # type: ignore[arg-type]  # the stubs list keys as literals
        yield


# PNG for the slides and the Word document, which cannot place SVG; 150 dpi prints sharply.
PNG_DPI = 150


def figure_bytes(fig: Figure, fmt: str = "svg") -> bytes:
    buffer = io.BytesIO()
    if fmt == "svg":
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    elif fmt == "png":
        # No "Software" text chunk: it names the matplotlib version, so bytes would drift.
        fig.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    else:
        raise ValueError(f"Charts are drawn as svg or png, not {fmt!r}.")
    return buffer.getvalue()


def no_data_chart(title: str, fmt: str = "svg") -> bytes:
    fig = Figure(figsize=(WIDTH_INCHES, 1.5))
    if title:
        fig.suptitle(title, x=0.02, ha="left", fontweight="bold")  # as in paired_bars
    fig.text(0.5, 0.4, "No data yet", ha="center", va="center", color="#555555")
    return figure_bytes(fig, fmt)


def paired_bars(
    title: str,
    labels: list[str],
    series: dict[str, list[float]],
    *,
    percent: bool = True,
    fmt: str = "svg",
) -> bytes:
    """Horizontal grouped bars: one group per label, one bar per series, as SVG bytes
    (or PNG with ``fmt="png"``).

    With ``percent`` the values are shares (0.25 is drawn as 25%).
    """
    for name, values in series.items():
        if len(values) != len(labels):
            raise ValueError(
                f"Series {name!r} has {len(values)} values but there are {len(labels)} labels."
            )
    with chart_style():
        if not labels or not series:
            return no_data_chart(title, fmt)

        count = len(series)
        bar = 0.8 / count  # groups take 80% of each row, leaving a gap between labels
        # Height grows with labels and bars so bars keep a readable thickness.
        height = 1.6 + len(labels) * (0.22 * count + 0.18)
        fig = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        ax = fig.add_subplot()
        value_text = (lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:g}")
        rows = range(len(labels))
        for i, (name, values) in enumerate(series.items()):
            offset = (i - (count - 1) / 2) * bar
            bars = ax.barh(
                [row + offset for row in rows],
                values,
                height=bar,
                label=name,
                color=PALETTE[i % len(PALETTE)],
            )
            ax.bar_label(bars, fmt=value_text, padding=2, fontsize=8, color="#333333")

        ax.set_yticks(list(rows), labels)
        # The first label reads at the top, as in a table; the first series is then the top
        # bar of each group, in the legend's order.
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        peak = max((v for values in series.values() for v in values), default=0)
        # Room to the right for the value labels.
        ax.set_xlim(0, (peak or 1) * 1.15)
        if percent:
            ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        if title:
            ax.set_title(title, loc="left", fontweight="bold")
        fig.legend(loc="outside lower center", ncols=min(count, 4), frameon=False)
        return figure_bytes(fig, fmt)
