"""What a page calls an interview's deal: the account's or deal's name, never a raw CRM id."""

from django import template

from ..screen import title_for

register = template.Library()


@register.filter
def deal_title(deal) -> str:
    return title_for(deal)
