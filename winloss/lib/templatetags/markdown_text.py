"""``{{ memo.text|markdown }}``: markdown as safe HTML; ``|markdown_plain``: its words alone,
for a one-line glimpse (``lib.markdown``)."""

from django import template
from django.utils.safestring import SafeString

from winloss.lib.markdown import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def markdown_plain(text: str) -> str:
    return " ".join(plain_text(text).split())
