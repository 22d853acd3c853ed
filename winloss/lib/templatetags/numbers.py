"""Numbers as the interface writes them: shares as whole percents, p-values to three places."""

from django import template

register = template.Library()


@register.filter
def percent(value: float | None, places: int = 0) -> str:
    """0.4167 → "42%"; None → "—" (no figure rather than a misleading zero)."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(places)}f}%"


@register.filter
def pvalue(value: float | None) -> str:
    if value is None:
        return "—"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"
