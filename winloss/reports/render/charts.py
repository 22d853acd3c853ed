"""The report's charts, drawn from the content document alone, for every export to share."""

from winloss.lib.charts import paired_bars

from .text import top_themes

DRIVERS_TITLE = "Top win and loss themes: share of interviews"


def _label(theme: dict) -> str:
    side = "win" if theme.get("direction") == "win_driver" else "loss"
    return f"{theme.get('name') or theme.get('theme')} ({side})"


def drivers_labels(content: dict) -> list[str]:
    return [_label(theme) for theme in top_themes(content)]


def drivers_chart(content: dict, fmt: str = "svg") -> bytes:
    """The top win themes then the top loss themes, one bar each (SVG, or PNG for Office)."""
    themes = top_themes(content)
    # A share of no interviews is drawn as an empty bar; the tables say "no interviews".
    shares = [t.get("share") or 0.0 for t in themes]
    series = {"All interviews": shares} if themes else {}
    return paired_bars(DRIVERS_TITLE, drivers_labels(content), series, fmt=fmt)
