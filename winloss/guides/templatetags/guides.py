"""Template helpers for the guide editor: the linter's findings marked in the question."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, findings) -> SafeString:
    """``text`` with each finding's words in <mark>; overlapping spans become one mark."""
    spans: list[list[int]] = []
    for start, end in sorted((f.finding.start, f.finding.end) for f in findings):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    parts, at = [], 0
    for start, end in spans:
        parts += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))  # every piece of text is escaped above


@register.filter
def lines(values) -> str:
    """A list as the one-per-line text of a textarea."""
    return "\n".join(str(v) for v in values or ())
