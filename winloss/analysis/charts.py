"""The Analyse page's charts from the figures of ``figures.analysis()``: plain dicts in, SVG
bytes out (PNG with ``fmt="png"``), so the page, the PDF and the slides draw the same chart.

    drivers_chart(figures)            the top drivers, overall and by outcome
    cuts_chart(figures, "region")     a cut's values against the top drivers
    trends_chart(figures)             the top drivers across waves
    competitor_chart(figures)         competitors × the loss drivers heard against them

No chart draws a figure under the program's minimum (``too_few``): a driver, a group or a
competitor with too few deals or interviews is left out, and a chart with nothing left says so.
"""

from matplotlib.figure import Figure

from winloss.lib.charts import (
    PALETTE,
    WIDTH_INCHES,
    chart_style,
    figure_bytes,
    no_data_chart,
    paired_bars,
)

from .drivers import outcome_label

TOP = 10  # drivers on a chart
TOP_TRENDS = 6  # lines on the trends chart: more are unreadable
MAX_VALUES = 6  # a cut's largest values on its chart
MAX_THEMES = 8  # columns of the competitor matrix


def _label(driver: dict) -> str:
    kind = "win" if driver["direction"] == "win_driver" else "loss"
    return f"{driver['name']} ({kind})"


def drivers_chart(figures: dict, *, top: int = TOP, fmt: str = "svg") -> bytes:
    drivers = [d for d in figures.get("drivers", []) if not d["among"]["too_few"]][:top]
    minimum = figures.get("minimum", 0)
    base = figures.get("base", "interviews")
    by_outcome = figures.get(f"{base}_by_outcome", {})
    outcomes = sorted(o for o, n in by_outcome.items() if n >= minimum)
    series = {f"All {base}": [d["share"] or 0 for d in drivers]}
    for outcome in outcomes:
        series[f"{outcome_label(outcome)} {base}"] = [
            (d["by_outcome"].get(outcome) or {}).get("share") or 0 for d in drivers
        ]
    return paired_bars(
        f"Win and loss drivers: share of {base}",
        [_label(d) for d in drivers],
        series if drivers else {},
        fmt=fmt,
    )


def cuts_chart(figures: dict, cut: str, *, fmt: str = "svg") -> bytes:
    """Each of the cut's largest values (a bar each) against the top drivers (a group each)."""
    found = figures.get("cuts", {}).get(cut)
    if not found or not found["cells"]:
        return paired_bars(f"By {cut.replace('_', ' ')}", [], {}, fmt=fmt)
    cells = [c for c in found["cells"] if not c["too_small"]]
    if not cells:
        return paired_bars(f"By {cut.replace('_', ' ')}", [], {}, fmt=fmt)
    sizes: dict[str, int] = {}
    for cell in cells:
        sizes[cell["value"]] = cell["interviews"]
    values = sorted(sizes, key=lambda v: (-sizes[v], v))[:MAX_VALUES]
    themes: list[tuple[str, str]] = []
    for cell in cells:
        key = (cell["theme"], cell["direction"])
        if key not in themes:
            themes.append(key)
    names = {(c["theme"], c["direction"]): c.get("name") or c["theme"] for c in cells}
    share = {(c["value"], c["theme"], c["direction"]): c["cell"]["share"] or 0 for c in cells}
    return paired_bars(
        f"Drivers by {found['label'].lower()}: share of the group's won "
        f"{found.get('base', 'interviews')} (win) or of its others (loss)",
        [_label({"name": names[t], "direction": t[1]}) for t in themes],
        {f"{v} ({sizes[v]})": [share.get((v, *t), 0) for t in themes] for v in values},
        fmt=fmt,
    )


def trends_chart(figures: dict, *, top: int = TOP_TRENDS, fmt: str = "svg") -> bytes:
    title = f"Drivers across waves: share of {figures.get('base', 'interviews')}"
    trends = figures.get("trends", [])[:top]
    # Only waves with analysed interviews: a wave of none has no share, and its 0–100%
    # interval would cover the chart.
    # A wave under the minimum is too few to tell: not drawn either.
    minimum = max(figures.get("minimum", 1), 1)
    heard = [i for i, w in enumerate(trends[0]["waves"]) if w["n"] >= minimum] if trends else []
    with chart_style():
        if len(heard) < 2:
            return no_data_chart(title, fmt)
        waves = [trends[0]["waves"][i]["wave"] for i in heard]
        fig = Figure(figsize=(WIDTH_INCHES, 3.6), layout="constrained")
        ax = fig.add_subplot()
        x = list(range(len(waves)))
        for i, trend in enumerate(trends):
            colour = PALETTE[i % len(PALETTE)]
            points = [trend["waves"][j] for j in heard]
            shares = [w["share"] or 0 for w in points]
            ax.plot(x, shares, marker="o", color=colour, label=_label(trend))
            # The 95% interval as a band: a change inside it may be chance.
            ax.fill_between(
                x,
                [w["low"] for w in points],
                [w["high"] for w in points],
                color=colour,
                alpha=0.12,
                linewidth=0,
            )
        ax.set_xticks(x, waves)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(title, loc="left", fontweight="bold")
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=8)
        return figure_bytes(fig, fmt)


def competitor_chart(figures: dict, *, fmt: str = "svg") -> bytes:
    """A matrix: one row per competitor (with the CRM win rate against it), one column per
    loss driver heard in interviews about it, the cell its share of the deals not won where
    the competitor was met (the number printed as k/n; a deal heard from several people
    counts once). A competitor with fewer such deals than the minimum is left out: one deal
    would colour its whole row."""
    title = "Where we lose to each competitor (deals not won)"
    rows = [
        h
        for h in figures.get("competitors", [])
        # .get: a report version published before this shape has no "interviews"
        if (h.get("interviews") or {}).get("loss_themes")
        and not h["interviews"]["loss_themes"][0].get("too_few")
    ]
    with chart_style():
        if not rows:
            return no_data_chart(title, fmt)
        totals: dict[str, int] = {}
        for h in rows:
            for t in h["interviews"]["loss_themes"]:
                totals[t["theme"]] = totals.get(t["theme"], 0) + t["k"]
        themes = sorted(totals, key=lambda t: (-totals[t], t))[:MAX_THEMES]
        found = [{t["theme"]: t for t in h["interviews"]["loss_themes"]} for h in rows]
        grid = [[(f.get(t) or {}).get("share") or 0 for t in themes] for f in found]
        counts = [[(f.get(t) or {}).get("k", 0) for t in themes] for f in found]
        fig = Figure(
            figsize=(WIDTH_INCHES, 1.6 + 0.4 * len(rows) + 0.1 * max(len(t) for t in themes)),
            layout="constrained",
        )
        ax = fig.add_subplot()
        ax.imshow(grid, cmap="Blues", aspect="auto", vmin=0, vmax=1)
        for i, (row, h) in enumerate(zip(grid, rows, strict=True)):
            n = h["interviews"]["lost"]
            for j, share in enumerate(row):
                colour = "white" if share > 0.6 else "#222222"
                text = f"{counts[i][j]}/{n}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
        ax.set_xticks(range(len(themes)), themes, rotation=30, ha="right", fontsize=8)
        labels = []
        for h in rows:
            rate = h["crm"]["win_rate"]
            if rate["too_few"]:
                won = f"CRM: {rate['n']} deals, too few to tell"
            else:
                won = f"CRM win rate {rate['share']:.0%} of {rate['n']}"
            labels.append(f"{h['competitor']} ({won})")
        ax.set_yticks(range(len(rows)), labels)
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(title, loc="left", fontweight="bold")
        return figure_bytes(fig, fmt)
