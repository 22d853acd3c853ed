"""The report's charts, drawn from the content document alone, for every export to share."""

from winloss.lib.charts import paired_bars

from .text import top_themes

DRIVERS_TITLE = "Top win and loss themes: share of deals"


def _label(theme: dict) -> str:
    side = "win" if theme.get("direction") == "win_driver" else "loss"
    return f"{theme.get('name') or theme.get('theme')} ({side})"


def drivers_labels(content: dict) -> list[str]:
    return [_label(theme) for theme in top_themes(content)]


def drivers_chart(content: dict, fmt: str = "svg") -> bytes:
    """The top win themes then the top loss themes, one group each: the share of the deals the
    theme can explain (won deals for a win theme, the others for a loss theme) and of all
    deals — the two figures the tables give (SVG, or PNG for Office). A deal heard from
    several people counts once."""
    themes = top_themes(content)
    # A share of no interviews is drawn as an empty bar; the tables say "no interviews".
    among = [((t.get("among") or {}).get("share") or 0.0) for t in themes]
    shares = [t.get("share") or 0.0 for t in themes]
    series = {"Of won / of other deals": among, "Of all deals": shares} if themes else {}
    return paired_bars(DRIVERS_TITLE, drivers_labels(content), series, fmt=fmt)


def competitor_chart(content: dict, fmt: str = "svg") -> bytes:
    """The competitor matrix of the analysis, from the content's frozen figures."""
    from winloss.analysis.charts import competitor_chart as chart

    return chart(content, fmt=fmt)


def trends_chart(content: dict, fmt: str = "svg") -> bytes:
    """The top drivers across waves, from the content's frozen figures."""
    from winloss.analysis.charts import trends_chart as chart

    return chart(content, fmt=fmt)
