"""A respondent's request to delete their data, as the consent statement promises: one action
that removes their notes, transcripts, excerpts' words, everything they said or were sent while
we arranged the interview, and their contact details. Counts stay: the interview still counts
in coverage, its codes still count in the drivers."""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from winloss.actions.models import FollowUp
from winloss.activity.models import LogEntry
from winloss.activity.services import log_action, remove_words
from winloss.deals.models import Contact
from winloss.evidence.fulltext import compact
from winloss.interviews.models import Interview
from winloss.lib.files import walk
from winloss.outreach.models import Appointment
from winloss.programs.models import SampleEntry

from .services import RetentionError, purge_interviews
from .words import empty_appointments, empty_entries, remove_logged_words

FORGOTTEN_NAME = "Forgotten respondent"


@dataclass
class Reach:
    """What a deletion request for one sampled respondent reaches."""

    contact: Contact | None
    entries: QuerySet[SampleEntry]
    interviews: QuerySet[Interview]
    appointments: QuerySet[Appointment]

    def counts(self) -> dict[str, int]:
        return {
            "interviews": self.interviews.count(),
            "appointments": self.appointments.count(),
            "entries": self.entries.count(),
        }


def reach_of(entry: SampleEntry) -> Reach:
    """The respondent of ``entry`` (its contact): their appointments and interviews in every
    program, and the sampled deals where they are the respondent; never another person heard
    on the same deal. Without a contact on record, ``entry``'s own."""
    contact = entry.contact
    if contact is None:
        them, theirs = Q(entry=entry, contact=None), Q(pk=entry.pk)
    else:
        them, theirs = Q(contact=contact), Q(contact=contact)
    appointments = Appointment.objects.filter(them, workspace=entry.workspace)
    entries = SampleEntry.objects.filter(theirs, workspace=entry.workspace)
    # An interview held on one of their appointments, or imported for their deal (no appointment).
    interviews = Interview.objects.filter(
        Q(appointment__in=appointments) | Q(appointment=None, entry__in=entries)
    )
    return Reach(contact=contact, entries=entries, interviews=interviews, appointments=appointments)


@transaction.atomic
def forget_respondent(*, entry: SampleEntry, user, actor: str = "") -> dict[str, int]:
    """Remove what the respondent of ``entry`` said and who they are; keep every count. The
    history records that it was done, by whom, without their name or words."""
    workspace = entry.workspace
    reach = reach_of(entry)
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
    counts["files"] = 0
    if reach.contact is not None:
        counts["files"] = _forget_contact(reach.contact, user=user, actor=actor)
    target = reach.contact or entry
    log_action(target, "respondent.forgotten", user=user, actor=actor, data=counts)
    return counts


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
