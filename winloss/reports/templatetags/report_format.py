"""The report's wording of figures for the page and the PDF: the same as the other exports
(``reports.render.text``)."""

from django import template

from winloss.reports.render.text import day as day_text
from winloss.reports.render.text import share_text

register = template.Library()


@register.filter
def share_with_interval(figure: dict) -> str:
    """ "42% (95% CI 30–55%, 21 of 50)"."""
    return share_text(figure)


@register.filter
def theme_name(slug: str, names: dict) -> str:
    return names.get(slug, slug.replace("_", " ").capitalize()) if names else slug


@register.filter
def day(value) -> str:
    """An ISO date of the content as people read it: "1 Jul 2017"."""
    return day_text(value)
