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


@register.filter
def p_equals(value: float | None) -> str:
    """The p-value after "p": "= 0.012", or "< 0.001" (never "p = < 0.001")."""
    shown = pvalue(value)
    return shown if shown.startswith(("<", "—")) else f"= {shown}"


@register.filter
def mean_ci(figure: dict | None) -> str:
    """A mean with its 95% interval and n: "4.2 (3.5 to 4.9, n=5)"; "—" when nobody answered.
    "to", and a minus sign rather than a hyphen, since a gap's interval may run from a negative
    number and a spreadsheet would take "-2.0 (…" for a formula."""
    if not figure or not figure.get("n"):
        return "—"
    mean, low, high = (
        f"{figure[key]:.1f}".replace("-", "−") if figure.get(key) is not None else ""
        for key in ("mean", "low", "high")
    )
    if not low:
        return f"{mean} (n={figure['n']})"
    return f"{mean} ({low} to {high}, n={figure['n']})"
