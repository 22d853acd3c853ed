"""The interview screen's line about transcripts: which there are, and whether one may be added."""

from django import template
from django.urls import reverse

from winloss.outreach.queries import latest_consent

register = template.Library()


@register.inclusion_tag("interviews/transcripts_line.html", takes_context=True)
def transcripts_line(context, interview) -> dict:
    # Imported here: Django loads every tag library with its first template (a report's PDF,
    # an email), and the transcript readers come with this module.
    from ..transcripts.services import upload_refusal

    consent = context["consent"] if "consent" in context else latest_consent(interview)
    return {
        "interview": interview,
        "transcripts": interview.transcripts.all(),
        "refusal": upload_refusal(consent),
        "can_conduct": "conduct" in context.get("current_caps", ()),
        "list_url": reverse(
            "interviews:transcripts",
            kwargs={
                "ws": interview.workspace.slug,
                "program_id": interview.program_id,
                "interview_id": interview.pk,
            },
        ),
    }
