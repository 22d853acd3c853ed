"""The "Flag as urgent" form, drawn on the interview screen (SOP step 9 from step 5).

A template tag so that the interview screen, an earlier stage, shows it without importing
escalations: the later stage draws itself into the earlier one's page.
"""

from django import template

from ..forms import FlagForm

register = template.Library()


@register.inclusion_tag("escalations/_urgent_flag.html", takes_context=True)
def urgent_flag(context, interview, number: int) -> dict:
    return {
        "form": FlagForm(auto_id="urgent-%s"),
        "interview": interview,
        "number": number,
        "program": interview.program_id,
        "ws": interview.workspace.slug,
        "csrf_token": context.get("csrf_token"),
    }
