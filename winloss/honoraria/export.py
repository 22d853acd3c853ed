"""The finance export: every honorarium of a program, one row each, for CSV or XLSX."""

from typing import Any

from winloss.accounts.roles import Cap, role_can
from winloss.programs.models import Program

from .models import Honorarium

COLUMNS = [
    "Respondent",
    "Email",
    "Program",
    "Answered by",
    "Offer",
    "Amount",
    "Currency",
    "Choice",
    "Status",
    "Sent by",
    "Sent at",
    "Note",
]
WITHHELD = "(withheld)"


def rows(program: Program, *, role: str) -> list[list[Any]]:
    """A row per honorarium; the respondent's name and email only for a role that reads
    respondents (the evidence), the rest for anyone who may export."""
    named = role_can(role, Cap.VIEW_EVIDENCE)
    honoraria = (
        Honorarium.objects.filter(program=program)
        .select_related("appointment__contact", "survey_response__contact", "sent_by")
        .order_by("pk")
    )
    result = []
    for h in honoraria:
        if h.appointment is not None:
            contact, email, channel = h.appointment.contact, "", "Interview"
        elif h.survey_response is not None:
            response = h.survey_response
            contact, email, channel = response.contact, response.respondent_email, "Survey"
        else:
            continue  # the database's constraint holds one of the two
        name = contact.name if contact else ""
        email = email or (contact.email if contact else "")
        result.append(
            [
                name if named else WITHHELD,
                email if named else WITHHELD,
                program.name,
                channel,
                h.get_kind_display(),
                h.amount,
                h.currency,
                h.choice_text,
                h.get_status_display(),
                str(h.sent_by) if h.sent_by else "",
                h.sent_at,
                h.note,
            ]
        )
    return result
