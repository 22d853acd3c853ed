"""What a member may read of what they can open: one table, asked by the object pages, the
API and every history and log view, so a history never shows what the page it describes hides.

Two kinds of rule:

- a field a role never reads, even on a record it opens (``HIDDEN_FIELDS``): the rep's stated
  reason is kept from interviewers, so it cannot steer an interview (SOP step 5);
- the evidence — deals, respondents, refusals, reviewers' comments, quotes — that only a role
  with ``Cap.VIEW_EVIDENCE`` reads. Logs record it in the sentences' values; a member without
  that capability reads the log with those values withheld (``PUBLIC_LOG_VALUES`` names the
  few that are not evidence; any value not named there is withheld, so a new log sentence is
  safe by default).
"""

from typing import Any

from django.db import models

from .roles import Cap, Role, role_can, roles_with

# {model label: {field name: roles that never read it}}
HIDDEN_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "deals.deal": {
        "rep_stated_reason": frozenset({Role.INTERVIEWER}),
        # Only the deal form shows it, to those who edit deals.
        "owner_email": frozenset(Role) - frozenset(roles_with(Cap.EDIT_DEALS)),
    },
}

# Log values a member without the evidence may read: counts, settings, names of the team's own
# things (themes, actions, guide versions), never a deal, a person outside the team or words
# a respondent, rep or reviewer wrote.
PUBLIC_LOG_VALUES = frozenset(
    {
        "object",
        "allocation",
        "seed",
        "size",
        "eligible",
        "count",
        "number",
        "based_on",
        "guide",
        "kind",
        "status",
        "share",
        "cutoff",
        "interviews",
        "notes",
        "revisions",
        "transcripts",
        "turns",
        "excerpts",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "deals_updated",
        "competitors_created",
        "pack",
        "category",
        "direction",
        "section",
        "rule",
        "theme",
        "themes",
        "title",
        "owner",
        "interviewer",
        "coder",
        "member",
        "slug",
        "stratum",
        "channel",
    }
)
# How a withheld value reads in a sentence.
WITHHELD = {"deal": "a deal", "replaces": "a deal", "deals": "some deals", "actor": "Someone"}
WITHHELD_VALUE = "(withheld)"


def _label(model: type[models.Model] | str) -> str:
    return model if isinstance(model, str) else model._meta.label_lower


def hides_field(role: str, model: type[models.Model] | str, field: str) -> bool:
    """Is ``field`` of ``model`` kept from ``role``, wherever the record is shown?"""
    return role in HIDDEN_FIELDS.get(_label(model), {}).get(field, frozenset())


def hidden_fields(role: str, model: type[models.Model] | str) -> frozenset[str]:
    fields = HIDDEN_FIELDS.get(_label(model), {})
    return frozenset(name for name, roles in fields.items() if role in roles)


def reads_evidence(role: str) -> bool:
    return role_can(role, Cap.VIEW_EVIDENCE)


def visible_log_values(role: str, data: dict[str, Any]) -> dict[str, Any]:
    """A log entry's values as ``role`` may read them: evidence withheld from a role that may
    not see it, fields hidden from the role withheld whatever they are called."""
    hidden = {name for fields in HIDDEN_FIELDS.values() for name, roles in fields.items()
              if role in roles}  # fmt: skip
    evidence = reads_evidence(role)
    return {
        key: WITHHELD.get(key, WITHHELD_VALUE)
        if key in hidden or (not evidence and key not in PUBLIC_LOG_VALUES)
        else value
        for key, value in data.items()
    }
