"""A respondent's request to delete their data, as the consent statement promises: one action
that removes their notes, transcripts, excerpts' words, everything they said or were sent while
we arranged the interview, their survey answers' words, and their contact details. Counts stay:
the interview still counts in coverage, its codes in the drivers, a survey's ratings in its
figures. The request may come from an interview's respondent (a sampled deal) or a survey's
(a response): both reach the same person's every record."""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.actions.models import FollowUp
from winloss.activity.models import LogEntry
from winloss.activity.services import log_action, remove_words, unname_respondent
from winloss.deals.models import Contact
from winloss.evidence.fulltext import compact
from winloss.interviews.models import Interview
from winloss.lib.files import walk
from winloss.outreach.models import Appointment
from winloss.programs.models import SampleEntry
from winloss.surveys.models import SurveyResponse

from .services import RetentionError, purge_interviews
from .words import (
    empty_appointments,
    empty_entries,
    empty_survey_responses,
    remove_logged_words,
)

FORGOTTEN_NAME = "Forgotten respondent"


@dataclass
class Reach:
    """What a deletion request for one respondent reaches."""

    workspace: Workspace
    contact: Contact | None
    entries: QuerySet[SampleEntry]
    interviews: QuerySet[Interview]
    appointments: QuerySet[Appointment]
    survey_responses: QuerySet[SurveyResponse]

    def counts(self) -> dict[str, int]:
        return {
            "interviews": self.interviews.count(),
            "appointments": self.appointments.count(),
            "entries": self.entries.count(),
            "survey_responses": self.survey_responses.count(),
        }


def _reach(workspace: Workspace, contact: Contact | None, *, entry=None, response=None) -> Reach:
    """Everything of ``contact`` in the workspace: their appointments and interviews in every
    program, the sampled deals and survey responses where they are the respondent; never
    another person heard on the same deal. Without a contact on record, the one ``entry`` or
    ``response`` the request came from."""
    if contact is not None:
        them = Q(contact=contact)
        entries = SampleEntry.objects.filter(them, workspace=workspace)
        appointments = Appointment.objects.filter(them, workspace=workspace)
        responses = SurveyResponse.objects.filter(them, workspace=workspace)
    else:
        entries = SampleEntry.objects.filter(pk__in=[entry.pk] if entry else [])
        appointments = Appointment.objects.filter(
            workspace=workspace, entry__in=[entry.pk] if entry else [], contact=None
        )
        responses = SurveyResponse.objects.filter(pk__in=[response.pk] if response else [])
    # An interview held on one of their appointments, or imported for their deal (no appointment).
    interviews = Interview.objects.filter(
        Q(appointment__in=appointments) | Q(appointment=None, entry__in=entries)
    )
    return Reach(workspace, contact, entries, interviews, appointments, responses)


def reach_of(entry: SampleEntry) -> Reach:
    """The reach of a request from the respondent of a sampled deal."""
    return _reach(entry.workspace, entry.contact, entry=entry)


def reach_of_response(response: SurveyResponse) -> Reach:
    """The reach of a request from a survey's respondent."""
    return _reach(response.workspace, response.contact, response=response)


@transaction.atomic
def forget_respondent(reach: Reach, *, user, actor: str = "") -> dict[str, int]:
    """Remove what the respondent of ``reach`` said and who they are; keep every count. The
    history records that it was done, by whom, without their name or words."""
    workspace = reach.workspace
    counts = reach.counts()
    if not any(counts.values()):
        raise RetentionError("There is nothing of this respondent to delete.")
    actor = actor or user.email
    now = timezone.now()
    interview_ids = list(reach.interviews.values_list("pk", flat=True))
    entry_ids = list(reach.entries.values_list("pk", flat=True))
    if interview_ids:
        done = purge_interviews(workspace, interview_ids, now, actor=actor, user=user, forget=True)
        compact(connection)  # the evidence library's index keeps no forgotten word
        counts |= {"notes": done["notes"], "excerpts": done["excerpts"]}
    remove_logged_words([], entry_ids, workspace=workspace, user=user, actor=actor)
    empty_appointments(list(reach.appointments.values_list("pk", flat=True)))
    empty_entries(reach.entries)
    FollowUp.objects.filter(entry__in=entry_ids).update(outcome="")
    # Forgetting empties even answers the retention purge already went over (purged_at set).
    empty_survey_responses(list(reach.survey_responses.values_list("pk", flat=True)), now)
    counts["files"] = 0
    if reach.contact is not None:
        counts["files"] = _forget_contact(reach.contact, user=user, actor=actor)
    target: models.Model | None = (
        reach.contact or reach.entries.first() or reach.survey_responses.first()
    )
    assert target is not None  # something was counted above
    log_action(target, "respondent.forgotten", user=user, actor=actor, data=counts)
    return counts


def done_sentence(counts: dict[str, int]) -> str:
    """What was done, for the page and the command line alike."""
    return (
        f"Deleted the respondent's data: {counts['interviews']} interviews emptied, "
        f"{counts['appointments']} appointments and {counts['survey_responses']} survey answers "
        "and their contact details removed. Counts are kept; the history records it without "
        "their words."
    )


def _forget_contact(contact: Contact, *, user, actor: str) -> int:
    """Empty the contact's details, the history's copies of them, and every stored CRM upload
    that names them; how many files went."""
    said = [value for value in (contact.email, contact.phone, contact.name) if value]
    remove_words(
        LogEntry.objects.for_object(contact),
        on=contact.workspace,
        named=Q(pk__isnull=False),
        user=user,
        actor=actor,
    )
    unname_respondent(contact.workspace, contact)
    # Never approached again: they asked us to forget them.
    Contact.objects.filter(pk=contact.pk).update(
        name=FORGOTTEN_NAME, email="", phone="", title="", do_not_contact=True
    )
    contact.name = FORGOTTEN_NAME
    return _delete_uploads_naming(contact.workspace, said)


def _delete_uploads_naming(workspace, said: list[str]) -> int:
    from winloss.deals.imports.stored import imports_folder

    deleted = 0
    for name in list(walk(imports_folder(workspace))):
        with default_storage.open(name, "rb") as handle:
            content = handle.read()
        if any(value.encode() in content for value in said):
            default_storage.delete(name)
            deleted += 1
    return deleted
