"""A unique marker in every free-text field a respondent or interviewer fills, and a search
for those markers in every table's text columns and every stored file."""

import datetime as dt
import itertools
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.activity.services import log_action
from winloss.coding.models import CodedExcerpt, Memo, MemoRevision, Suggestion
from winloss.coding.queries import codebook_for
from winloss.deals.imports.stored import imports_folder
from winloss.deals.models import Contact
from winloss.escalations.models import Escalation
from winloss.interviews.models import Interview, Note, NoteRevision
from winloss.interviews.transcripts.models import Transcript, TranscriptTurn
from winloss.jobs.models import Job
from winloss.lib.files import walk
from winloss.outreach.models import (
    Appointment,
    AppointmentStatus,
    ConsentRecord,
    ContactAttempt,
    OutreachMessage,
)
from winloss.outreach.services import begin_appointment
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.testing import make_deal, make_member

from .builders import old_interview

# What a respondent or interviewer writes, model by model. ``test_every_free_text_field_is_
# planted`` fails when one of these models gains a text field missing here or in NOT_WORDS.
PLANTED: dict[type[models.Model], tuple[str, ...]] = {
    Appointment: ("location", "concerns", "refusal_reason"),
    ConsentRecord: ("shown_text", "given_by"),
    OutreachMessage: ("to", "subject", "body", "error"),
    ContactAttempt: ("note",),
    SampleEntry: ("refusal_reason",),
    Note: ("text",),
    NoteRevision: ("text",),
    Transcript: ("filename", "speaker_map"),
    TranscriptTurn: ("speaker", "text"),
    CodedExcerpt: ("text",),
    Suggestion: ("words",),
    Escalation: ("passage",),
    # The team's memos about the interview and its excerpts may name the respondent too.
    Memo: ("title", "text"),
    MemoRevision: ("title", "text"),
    Contact: ("name", "email", "phone", "title"),
}
# Text fields of those models that hold no one's words: codes, choices, our own wording.
NOT_WORDS = {
    Appointment: {"respondent_timezone", "ics_uid", "format", "status"},
    Transcript: {"format"},
    SampleEntry: {"segment", "band", "reason", "removal_reason", "outcome", "status", "source"},
    Escalation: {"resolution", "category", "source", "status"},
    Contact: {"crm_id", "decision_role"},
}
# Where the words of a respondent's contact record are meant to stay after a retention purge:
# the CRM's record of the person (a deletion request removes it).
CONTACT_FIELDS = {"name", "email", "phone", "title"}

_numbers = itertools.count(1)


def marker(label: str) -> str:
    return f"qzx{next(_numbers):04d}{label.replace('.', 'z').replace('_', 'z')}"


def plant(program, *, days_ago: int) -> dict[str, str]:
    """An interview ``days_ago`` days old with a marker in every field of ``PLANTED``, a
    declined appointment and a refused deal as old, history entries quoting them, a stored CRM
    upload and a finished task row. Returns {"Model.field": marker}."""
    m = {f"{model.__name__}.{name}": marker(name) for model, names in PLANTED.items()
         for name in names}  # fmt: skip
    # Names the anonymiser knows to take out of excerpts: the contact's, as the CRM has it.
    person = f"Zorvana {m['Contact.name']}"
    interview = old_interview(program, days_ago=days_ago, text=f"{person} said so")
    contact = interview.entry.contact
    Contact.objects.filter(pk=contact.pk).update(
        name=person, email=f"{m['Contact.email']}@example.org",
        phone=m["Contact.phone"], title=m["Contact.title"],
    )  # fmt: skip
    m["Contact.name"], m["Contact.email"] = person, f"{m['Contact.email']}@example.org"
    old = timezone.now() - dt.timedelta(days=days_ago)
    _fill_interview(interview, m, person)
    _fill_appointment(interview.appointment, m, days_ago)
    declined = _declined_elsewhere(interview, m, old)
    _log_words(interview, declined, m)
    m["upload"], m["task"] = marker("upload"), marker("task")
    upload = default_storage.save(
        f"{imports_folder(program.workspace)}/crm-export.csv",
        ContentFile(f"name,email\n{m['upload']},{m['Contact.email']}\n".encode()),
    )
    if isinstance(default_storage, FileSystemStorage):  # a bucket keeps its own times
        os.utime(default_storage.path(upload), (old.timestamp(), old.timestamp()))
    DBTaskResult.objects.create(
        status="SUCCESSFUL", args_kwargs={"args": [], "kwargs": {"to": m["task"]}},
        task_path="winloss.outreach.tasks.send", backend_name="default", queue_name="default",
        run_after=old, finished_at=old, exception_class_path="", traceback="",
    )  # fmt: skip
    m["job"] = marker("job")
    Job.objects.create(
        workspace=program.workspace, label="Import crm-export.csv", status="succeeded",
        result={"errors": [{"value": m["job"]}]}, created=old, finished=old,
    )  # fmt: skip
    return m


def _fill_interview(interview: Interview, m: dict[str, str], person: str) -> None:
    Note.objects.filter(interview=interview).update(text=m["Note.text"])
    NoteRevision.objects.filter(note__interview=interview).update(text=m["NoteRevision.text"])
    transcript = interview.transcripts.get()
    speaker = m["TranscriptTurn.speaker"]
    Transcript.objects.filter(pk=transcript.pk).update(
        filename=m["Transcript.filename"], speaker_map={m["Transcript.speaker_map"]: "respondent"}
    )
    transcript.turns.update(text=m["TranscriptTurn.text"], speaker=speaker)
    transcript.turns.create(position=2, speaker=m["Transcript.speaker_map"], text="Yes.")
    # The anonymiser takes out names it knows and every email address: plant those.
    for key in ("CodedExcerpt.text", "Escalation.passage"):
        m[key] = f"{m[key]}@example.org"
    CodedExcerpt.objects.filter(interview=interview).update(
        text=f"{person} said so, write to {m['CodedExcerpt.text']}"
    )
    theme = codebook_for(interview.workspace)[0]
    note = interview.notes.get()
    Suggestion.objects.create(
        workspace=interview.workspace, program=interview.program, interview=interview,
        note=note, theme=theme, score=0.9, rank=1, words=[m["Suggestion.words"]],
    )  # fmt: skip
    Escalation.objects.create(
        workspace=interview.workspace, program=interview.program, interview=interview,
        category="churn_risk", passage=f"{person} may leave ({m['Escalation.passage']})",
        owner=make_member(interview.workspace, Role.STAKEHOLDER),
        expected_response_by=timezone.localdate(),
    )  # fmt: skip
    excerpt = CodedExcerpt.objects.filter(interview=interview).first()
    for about, links in (("interview", {}), ("excerpt", {"excerpt": excerpt})):
        memo = Memo.objects.create(
            workspace=interview.workspace, program=interview.program, about=about,
            interview=interview, title=f"{person} {m['Memo.title']}",
            text=f"{person} {m['Memo.text']}", **links,
        )  # fmt: skip
        MemoRevision.objects.create(
            memo=memo, version=1, title=m["MemoRevision.title"], text=m["MemoRevision.text"]
        )


def _fill_appointment(appointment: Appointment, m: dict[str, str], days_ago: int) -> None:
    Appointment.objects.filter(pk=appointment.pk).update(
        location=m["Appointment.location"], concerns=m["Appointment.concerns"],
        refusal_reason=m["Appointment.refusal_reason"],
    )  # fmt: skip
    ConsentRecord.objects.filter(appointment=appointment).update(
        shown_text=m["ConsentRecord.shown_text"], given_by=m["ConsentRecord.given_by"]
    )
    OutreachMessage.objects.create(
        appointment=appointment, kind="invitation", to=f"{m['OutreachMessage.to']}@example.org",
        subject=m["OutreachMessage.subject"], body=m["OutreachMessage.body"],
        error=m["OutreachMessage.error"],
    )  # fmt: skip
    ContactAttempt.objects.create(
        appointment=appointment, channel="phone", note=m["ContactAttempt.note"]
    )
    SampleEntry.objects.filter(pk=appointment.entry_id).update(
        refusal_reason=m["SampleEntry.refusal_reason"]
    )


def _declined_elsewhere(interview: Interview, m: dict[str, str], old: dt.datetime) -> SampleEntry:
    """Another sampled deal whose buyer declined, with a reason, and the replacement proposed
    in its place; a third refused by phone with no appointment at all: all as old."""
    program, draw = interview.program, interview.entry.draw

    def entry(**fields) -> SampleEntry:
        deal = make_deal(program.workspace)
        return SampleEntry.objects.create(
            workspace=program.workspace, program=program, draw=draw, deal=deal,
            outcome=deal.outcome, **{"source": "drawn", "reason": "drawn", **fields},
        )  # fmt: skip

    m |= {
        key: marker(key) for key in ("declined", "declined.where", "declined.worry", "unreachable")
    }
    declined = entry(status=EntryStatus.DECLINED, refusal_reason=m["declined"])
    appointment = begin_appointment(declined)
    Appointment.objects.filter(pk=appointment.pk).update(
        status=AppointmentStatus.DECLINED, refusal_reason=m["declined"],
        location=m["declined.where"], concerns=m["declined.worry"], updated=old,
    )  # fmt: skip
    entry(
        status=EntryStatus.PROPOSED, source="replacement", replaces=declined,
        reason=f"Replaces {declined.deal} (declined: {m['declined']}): next eligible deal.",
    )  # fmt: skip
    unreachable = entry(status=EntryStatus.UNREACHABLE, refusal_reason=m["unreachable"])
    SampleEntry.objects.filter(pk__in=[declined.pk, unreachable.pk]).update(updated=old)
    return declined


def _log_words(interview: Interview, declined: SampleEntry, m: dict[str, str]) -> None:
    """History entries as they were written before the log stopped keeping words."""
    excerpt = CodedExcerpt.objects.filter(interview=interview).first()
    m["log.text"] = marker("logtext")
    log_action(excerpt, "excerpt.coded", data={"text": m["log.text"], "theme": "Price"})
    log_action(
        interview.program,
        "sample.declined",
        data={"deal": str(declined.deal), "reason": m["declined"]},
    )
    log_action(
        interview.program,
        "interview.returned",
        data={"deal": str(interview.entry.deal), "comments": marker("comments")},
    )
    m["log.comments"] = LogEntry.objects.get(action="interview.returned").data["comments"]


def text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def found(value: str) -> set[str]:
    """Every "app.Model.field" of the database, every file under the data folder and every
    file in the file storage that still holds ``value``."""
    places = set()
    for model in apps.get_models():
        for field in text_fields(model):
            column = field.name
            rows = model._base_manager.all()
            if isinstance(field, models.JSONField):
                rows = rows.annotate(_as_text=Cast(field.name, TextField()))
                column = "_as_text"
            if rows.filter(**{f"{column}__contains": value}).exists():
                places.add(f"{model._meta.label}.{field.name}")
    data, media = Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)
    for path in data.rglob("*") if data.is_dir() else ():
        # Stored files are read through the storage below, wherever it keeps them.
        if path.is_file() and media not in path.parents and value.encode() in path.read_bytes():
            places.add(str(path))
    for name in walk():
        with default_storage.open(name, "rb") as handle:
            if value.encode() in handle.read():
                places.add(name)
    return places
