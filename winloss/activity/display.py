"""Turns log codes into sentences: the one table that says what each action means.

Pages show entries through ``shown_entries``, for the reader's role: what the record's own
pages hide from that role (``accounts.visibility``) is withheld here too.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from winloss.accounts.visibility import (
    WITHHELD,
    hidden_fields,
    reads_evidence,
    visible_log_values,
)

if TYPE_CHECKING:
    from .models import LogEntry

# Actors that are no person outside the team: the system and the command line.
_TEAM_ACTORS = frozenset({"system", "cli"})

SENTENCES: dict[str, str] = {
    "workspace.created": "{actor} created the workspace {object}",
    "workspace.renamed": "{actor} renamed the workspace",
    "workspace.time_zone_changed": "{actor} changed the workspace's time zone",
    "membership.added": "{actor} added {member} as {role}",
    "membership.role_changed": "{actor} changed {member}'s role",
    "membership.removed": "{actor} removed {member} from the workspace",
    "invitation.sent": "{actor} invited {email} as {role}",
    "invitation.accepted": "{email} accepted the invitation and joined as {role}",
    "invitation.revoked": "{actor} revoked the invitation for {email}",
    "user.renamed": "{actor} changed their name",
    "user.time_zone_changed": "{actor} changed the time zone they read times in",
    "api_token.created": "{actor} created the API token {object}",
    "api_token.revoked": "{actor} revoked the API token {object}",
    "program.created": "{actor} created the program {object}",
    "program.scope_changed": "{actor} changed the scope of {object}",
    "program.status_changed": "{actor} changed the status of {object}",
    "program.expected_criteria_set": "{actor} set the buying criteria expected in {object}",
    "sample.drawn": "{actor} drew a sample of {size} deals for {object} ({allocation}, seed "
    "{seed}) from {eligible} eligible",
    "sample.discarded": "{actor} discarded the sample of {object}: {reason}",
    "sample.deal_added": "{actor} added {deal} to the sample of {object}: {reason}",
    "sample.deal_removed": "{actor} removed {deal} from the sample of {object}: {reason}",
    "sample.declined": "{actor} recorded that {deal} declined: {reason}",
    "sample.unreachable": "{actor} recorded that {deal} could not be reached: {reason}",
    "sample.replacement_proposed": "{deal} was proposed to replace {replaces} in {object}",
    "sample.no_replacement": "No eligible deal was left in {stratum} to replace {deal}",
    "sample.replacement_accepted": "{actor} accepted {deal} as a replacement in {object}",
    "sample.replacement_skipped": "{actor} passed over {deal} as a replacement: {reason}",
    "sample.respondents_found": "{actor} added contacts that gave {count} deals of {object} "
    "their respondent: {deals}",
    "sample.interviewer_assigned": "{actor} assigned {interviewer} to interview {deal}",
    "sample.interviewers_assigned": "{actor} assigned interviewers to {count} deals of {object}",
    "sample.exclusion_approved": "{actor} approved sampling {account} despite its open "
    "dispute: {reason}",
    "guide.started": "{actor} started the interview guide of {object} from the question bank "
    "({count} questions)",
    "guide.carried_forward": "{actor} started the interview guide of {object} as a draft copy "
    "of version {based_on} of “{wave}”",
    "guide.revised": "{actor} started draft version {number} of the interview guide of {object}, "
    "a copy of version {based_on}",
    "guide.question_added": "{actor} added a question to {section} in guide v{number} of "
    "{object}: {text}",
    "guide.question_edited": "{actor} edited a question in {section} in guide v{number} of "
    "{object}: {text}",
    "guide.question_moved": "{actor} moved a question {direction} in {section} in guide "
    "v{number} of {object}: {text}",
    "guide.question_deleted": "{actor} deleted a question from {section} in guide v{number} of "
    "{object}: {text}",
    "guide.finding_waived": "{actor} waived the {rule} finding on “{text}” in guide v{number} "
    "of {object}: {reason}",
    "guide.approved": "{actor} approved version {number} of the interview guide of {object} "
    "({count} questions)",
    "outreach.invited": "{actor} sent {count} interview invitations for {object}",
    "outreach.booked": "{actor} booked the interview about {deal} for {when}",
    "outreach.rescheduled": "{actor} moved the interview about {deal} to {to}",
    "outreach.cancelled": "{actor} cancelled the interview about {deal}: {reason}",
    "outreach.declined": "{actor} declined the interview about {deal}: {reason}",
    "outreach.attempt": "{actor} recorded a contact attempt ({channel}) about {deal}",
    "outreach.no_show": "{actor} marked the interview about {deal} as a no-show",
    "availability.added": "{actor} added the availability window {window}",
    "availability.removed": "{actor} removed the availability window {window}",
    "outreach.voice_added": "{actor} added {contact} ({role}) as a further voice on {deal}",
    "outreach.link_issued": (
        "{actor} issued a new buyer's link ({purpose}) for the interview about {deal}; "
        "older links no longer work"
    ),
    "consent_text.saved": "{actor} saved a new version of the {kind}",
    "email_template.saved": "{actor} saved the workspace's wording of the {kind} email",
    "email_template.reset": "{actor} put the {kind} email back to the built-in wording",
    "interview.started": "{actor} started the interview about {deal} (guide {guide})",
    "interview.role_recorded": "{actor} recorded the respondent's role for {deal}: {role}",
    "interview.completed": "{actor} completed the interview about {deal}",
    "interview.transcript_attached": "{actor} attached the transcript {file} ({turns} turns) to "
    "the interview about {deal}",
    "interview.transcript_speakers_mapped": "{actor} said who speaks in the transcript {file} of "
    "{deal}: {roles}",
    "interview.transcript_quoted": "{actor} quoted the transcript {file} of {deal} at {at} under "
    "{question}",
    "debrief.submitted": "{actor} gave the rep's debrief for {deal}",
    "interview.validated": "{actor} validated the interview about {deal}",
    "interview.returned": "{actor} returned the interview about {deal}: {comments}",
    "escalation.raised": "{actor} escalated a {category} to {owner} in {object}",
    "escalation.acknowledged": "{actor} acknowledged the {category} escalation",
    "escalation.resolved": "{actor} resolved the {category} escalation: {resolution}",
    "webhook.saved": "{actor} set up {kind} notifications",
    "action.created": "{actor} recorded the action “{title}” for {owner}",
    "action.status_changed": "{actor} marked the action “{title}” {status}",
    "follow_up.planned": "{actor} planned a follow-up with the buyer of {deal}",
    "follow_up.done": "{actor} recorded the follow-up with the buyer of {deal}",
    "deal.created": "{actor} added the deal {object}",
    "deal.changed": "{actor} edited the deal {object}",
    "deals.loaded": "{actor} loaded {count} deals from {source}",
    "job.retried": "{actor} started the job {label} again",
    "deals.imported": "{actor} imported deals from {file}: {created} new, {updated} updated, "
    "{unchanged} unchanged, {rejected} rejected",
    "deals.enriched": "{actor} updated {what} from {file}",
    "deals.competitors_imported": "{actor} imported deal competitors from {file}: {created} "
    "added to deals, {unchanged} already there, {competitors_created} new competitors, "
    "{rejected} rows rejected",
    "deals.contacts_imported": "{actor} imported deal contacts from {file}: {created} new, "
    "{updated} updated, {unchanged} unchanged, {rejected} rows rejected; {deals_updated} deals "
    "gained contacts",
    "deals.stage_mapped": "{actor} set imports to read the CRM stage {stage} as {outcome}",
    "mapping.saved": "{actor} saved the column mapping {object}",
    "account.changed": "{actor} edited the account {object}",
    "contact.added": "{actor} added the contact {object} ({role}) to {deals}",
    "contact.changed": "{actor} edited the contact {object}",
    "competitor.created": "{actor} added the competitor {object}",
    "competitor.changed": "{actor} edited the competitor {object}",
    "competitor.merged": "{actor} merged {source} into {object} ({deals} deals moved)",
    "competitor.merged_away": "{actor} merged {object} into {target}",
    "deals.product_renamed": "{actor} renamed the product {old} to {new} on {count} deals",
    "theme.created": "{actor} added the theme {object} ({slug}) to the codebook",
    "theme.renamed": "{actor} renamed the theme {old} to {object}",
    "theme.changed": "{actor} edited the theme {object}",
    "theme.merged": "{actor} merged the theme {source} into {object} ({excerpts} excerpts moved)",
    "theme.merged_away": "{actor} merged the theme {object} into {target}",
    "codebook.pack_enabled": "{actor} added the {pack} industry pack to the codebook ({count} "
    "themes)",
    "codebook.imported": "{actor} imported the codebook from {file}: {created} new, {updated} "
    "updated",
    "excerpt.coded": "{actor} coded a passage as {theme}, {direction} ({interview})",
    "excerpt.removed": "{actor} removed the code {theme} from a passage",
    "excerpts.recoded": "{actor} moved {count} excerpts of {object} to the theme {theme}",
    "suggestion.rejected": "{actor} rejected the suggested theme {theme} for a passage",
    "coding.second_coder_assigned": "{actor} asked {coder} to code {count} interviews of "
    "{object} a second time ({share})",
    "coding.settled": "{actor} settled the themes of a passage: {themes}",
    "coding.history_imported": "{actor} imported {interviews} past interviews with {excerpts} "
    "coded excerpts into {object} from {file}",
    "interview.imported": "{actor} imported {object} from {file} with {excerpts} coded excerpts, "
    "signed off as an imported interview",
    "log.words_removed": "The words quoted in {entries} earlier history entries were removed",
    "respondent.forgotten": "{actor} deleted a respondent's data at their request ({interviews} "
    "interviews, {appointments} appointments; counts kept)",
    "retention.policy_changed": "{actor} changed the retention policy",
    "retention.purged": "{actor} purged the notes and transcripts of {interviews} interviews "
    "completed before {cutoff} ({notes} notes, {revisions} revisions, {transcripts} "
    "transcripts of {turns} turns emptied; {excerpts} coded excerpts anonymised)",
}


def _fmt(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _actor(entry: "LogEntry", role: str | None) -> str:
    # Someone without an account (a respondent answering through their link) is a person
    # outside the team: named only to those who read the evidence.
    outsider = entry.user_id is None and entry.actor not in _TEAM_ACTORS
    if role is not None and outsider and not reads_evidence(role):
        return WITHHELD["actor"]
    return entry.actor


def describe(entry: "LogEntry", role: str | None = None) -> str:
    """The entry as a sentence; for ``role`` when given (a page's reader), in full otherwise
    (the admin and tests)."""
    template = SENTENCES.get(
        entry.action, "{actor}: " + entry.action.replace("_", " ") + " {object}"
    )
    data = entry.data if role is None else visible_log_values(role, entry.data)
    fields = {"actor": _actor(entry, role), "object": entry.object_repr, **data}
    try:
        sentence = template.format_map(_Missing(fields))  # '(key?)' marks a missing value
    except (ValueError, IndexError):
        sentence = f"{fields['actor']}: {entry.action} {entry.object_repr}"
    return sentence + "."


def describe_changes(entry: "LogEntry", role: str | None = None) -> list[tuple[str, str, str]]:
    """(field label, old, new) rows for the history view, in the words of the forms: field
    names as labelled, choice codes as their labels ("quarterly" → "Quarterly"). For ``role``,
    without the fields its pages hide, and with no values at all for a role that does not
    read the evidence, unless the record is one it opens (a program's scope)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import FieldDoesNotExist

    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    # Models name the choices of their list fields (Program.deal_types → Outcome).
    list_choices = getattr(model, "LOG_CHOICES", {})
    hidden: frozenset[str] = frozenset()
    if role is not None:
        if not reads_evidence(role) and model._meta.label_lower not in _OPEN_TO_ALL:
            return []
        hidden = hidden_fields(role, model)
    rows = []
    for name, (old, new) in entry.changes.items():
        if name in hidden:
            continue
        label, choices = name.replace("_", " "), dict(list_choices.get(name, ()))
        try:
            field = model._meta.get_field(name)
            label = str(field.verbose_name)
            choices = choices or dict(field.flatchoices)
        except (FieldDoesNotExist, AttributeError):
            pass
        rows.append(
            (label[:1].upper() + label[1:], _fmt(_label(old, choices)), _fmt(_label(new, choices)))
        )
    return rows


def _label(value: Any, choices: dict) -> Any:
    if not choices:
        return value
    if isinstance(value, list):
        return [str(choices.get(v, v)) for v in value]
    return str(choices.get(value, value))


# Records every member opens (their pages need only ``Cap.VIEW``): their changes are shown to
# all, less the fields ``HIDDEN_FIELDS`` keeps from a role.
_OPEN_TO_ALL = frozenset({"programs.program", "accounts.workspace"})


@dataclass(frozen=True)
class Shown:
    """A log entry as one reader may read it."""

    created: dt.datetime
    sentence: str
    change_rows: list[tuple[str, str, str]]


def shown_entries(entries: Iterable["LogEntry"], *, role: str) -> list[Shown]:
    """The entries of a history or log page, for a reader with ``role``: every page that
    shows log entries goes through here."""
    return [
        Shown(entry.created, describe(entry, role), describe_changes(entry, role))
        for entry in entries
    ]


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return f"({key}?)"
