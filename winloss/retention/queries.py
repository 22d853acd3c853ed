"""What the retention policy says and what its next purge would empty."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from winloss.coding.models import CodedExcerpt, Memo
from winloss.escalations.models import Escalation
from winloss.interviews.models import Interview, InterviewStatus, Note, NoteRevision
from winloss.interviews.transcripts.models import Transcript, TranscriptTurn
from winloss.outreach.models import Appointment, ConsentRecord
from winloss.programs.models import REFUSAL_STATUSES, SampleEntry
from winloss.surveys.models import SurveyResponse

from .models import COUNTS, DEFAULT_DAYS, MEMO_REMOVED, RetentionPolicy
from .words import with_words

PREVIEW_LISTED = 20


def policy_for(workspace) -> RetentionPolicy:
    """The workspace's policy; an unsaved default one (365 days) until an admin saves it."""
    policy = RetentionPolicy.objects.filter(workspace=workspace).first()
    return policy or RetentionPolicy(workspace=workspace, days=DEFAULT_DAYS, version=1)


def promised_days(workspace) -> int | None:
    """What the consent texts tell respondents (``{retention_days}``)."""
    return policy_for(workspace).days


def cutoff_for(days: int, today: dt.date | None = None) -> dt.date:
    """Interviews completed before this day are more than ``days`` old."""
    return (today or timezone.localdate()) - dt.timedelta(days=days)


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def promises_made(workspace) -> bool:
    """Did any respondent's consent promise a number of days?"""
    return ConsentRecord.objects.filter(
        Q(appointment__workspace=workspace) | Q(survey_response__workspace=workspace),
        retention_days__isnull=False,
    ).exists()


def keeps_words(workspace) -> bool:
    """Nothing to purge, ever, until this changes: the policy keeps words until it is changed
    and no respondent's consent promised a number of days."""
    return policy_for(workspace).days is None and not promises_made(workspace)


def promised(appointment: str, *, about: str = "appointment") -> Subquery:
    """The fewest days any consent given for the appointment at ``appointment`` (an OuterRef
    path; for a survey response, ``about="survey_response"``) promised; NULL where none
    promised a number."""
    shortest = ConsentRecord.objects.filter(
        **{about: OuterRef(appointment)}, retention_days__isnull=False
    ).order_by("retention_days")
    return Subquery(shortest.values("retention_days")[:1])


def older_than_kept(workspace, *, done: str, today: dt.date | None = None) -> Q:
    """Rows whose ``done`` time is past what the policy keeps or, when shorter, what the
    respondent's consent promised (the alias ``promised``): a longer policy never keeps words
    longer than respondents were told. Neither says a number: nothing is due."""
    days = policy_for(workspace).days
    due = Q(pk__in=[])
    if days is not None:
        due |= Q(**{f"{done}__lt": start_of(cutoff_for(days, today))})
    shorter = ConsentRecord.objects.filter(
        Q(appointment__workspace=workspace) | Q(survey_response__workspace=workspace),
        retention_days__isnull=False,
    )
    if days is not None:
        shorter = shorter.filter(retention_days__lt=days)
    for kept in shorter.order_by().values_list("retention_days", flat=True).distinct():
        assert kept is not None  # filtered on above
        due |= Q(promised=kept, **{f"{done}__lt": start_of(cutoff_for(kept, today))})
    return due


def due_interviews(workspace, today: dt.date | None = None) -> QuerySet[Interview]:
    """Completed (or imported) interviews past what is kept that still hold words: not yet
    purged, or given a transcript since."""
    unpurged_transcript = Transcript.objects.filter(interview=OuterRef("pk"), purged_at=None)
    return (
        Interview.objects.filter(workspace=workspace, status=InterviewStatus.COMPLETED)
        # Planted and very old rows may lack completed_at; they started before they ended.
        .alias(done=Coalesce("completed_at", "started_at"), promised=promised("appointment_id"))
        .filter(older_than_kept(workspace, done="done", today=today))
        .filter(Q(purged_at=None) | Exists(unpurged_transcript))
    )


CLOSED_WITHOUT_INTERVIEW = ["declined", "cancelled", "no_show"]


def due_appointments(workspace, today: dt.date | None = None) -> QuerySet[Appointment]:
    """Appointments that ended without an interview (declined, cancelled, no-show) and were
    last touched longer ago than is kept: where, concerns and reasons given, messages sent."""
    return (
        Appointment.objects.filter(workspace=workspace, status__in=CLOSED_WITHOUT_INTERVIEW)
        .filter(interview__isnull=True)
        .alias(promised=promised("pk"))
        .filter(older_than_kept(workspace, done="updated", today=today))
    )


def due_refusals(workspace, today: dt.date | None = None) -> QuerySet[SampleEntry]:
    """Sampled deals recorded as declined or unreachable, with the reason, longer ago than the
    policy keeps (no consent was given, so no shorter promise applies)."""
    return (
        SampleEntry.objects.filter(workspace=workspace, status__in=REFUSAL_STATUSES)
        .exclude(refusal_reason="")
        .alias(promised=Value(None, output_field=IntegerField()))
        .filter(older_than_kept(workspace, done="updated", today=today))
    )


def entries_of(interviews) -> QuerySet[SampleEntry]:
    """The sampled deals of ``interviews`` (ids or a queryset of them)."""
    return SampleEntry.objects.filter(
        pk__in=Interview.objects.filter(pk__in=interviews).values("entry_id")
    )


def appointments_of(interviews) -> QuerySet[Appointment]:
    """The appointments ``interviews`` were held on, and their deals' completed appointments
    that no interview records (one started before it was linked): never another voice's
    appointment still to come."""
    return Appointment.objects.filter(
        Q(interview__in=interviews)
        | Q(entry__in=entries_of(interviews), interview__isnull=True, status="completed")
    )


def targets(interviews) -> dict[str, QuerySet]:
    """What purging ``interviews`` (ids or a queryset of them) empties or anonymises, by kind:
    the one definition both the preview's counts and the purge use."""
    transcripts = Transcript.objects.filter(interview__in=interviews, purged_at=None)
    return {
        "transcripts": transcripts,
        "turns": TranscriptTurn.objects.filter(transcript__in=transcripts).exclude(text=""),
        "notes": Note.objects.filter(interview__in=interviews).exclude(text=""),
        "revisions": NoteRevision.objects.filter(note__interview__in=interviews),
        "excerpts": CodedExcerpt.objects.filter(interview__in=interviews),
        "escalations": Escalation.objects.filter(interview__in=interviews),
        # Those about the interviews and their excerpts; the program's and themes' stay.
        "memos": Memo.objects.filter(interview__in=interviews).exclude(title=MEMO_REMOVED, text=""),
    }


@dataclass
class Preview:
    days: int | None
    cutoff: dt.date | None
    counts: dict[str, int] = field(default_factory=dict)
    interviews: list[Interview] = field(default_factory=list)  # the first few, oldest first

    @property
    def empty(self) -> bool:
        return not (
            self.counts.get("interviews")
            or self.counts.get("appointments")
            or self.counts.get("survey_responses")
        )


def preview(workspace, today: dt.date | None = None) -> Preview:
    """What ``services.purge`` would remove if it ran now, in a fixed number of queries."""
    days = policy_for(workspace).days
    if keeps_words(workspace):
        return Preview(days=None, cutoff=None, counts=dict.fromkeys(COUNTS, 0))
    cutoff = cutoff_for(days, today) if days is not None else None
    due = due_interviews(workspace, today)
    counts = {"interviews": due.count()}
    ids = due.values("pk")
    counts |= {kind: qs.count() for kind, qs in targets(ids).items()}
    closed = due_appointments(workspace, today).values("pk")
    reached = appointments_of(ids) | Appointment.objects.filter(pk__in=closed)
    counts["appointments"] = with_words(reached).count()
    counts["survey_responses"] = due_survey_responses(workspace, today).count()
    listed = list(
        # "done" is the alias due_interviews() adds, which the type plugin cannot see.
        due.select_related("entry__deal", "program").order_by("done", "pk")[:PREVIEW_LISTED]  # type: ignore[misc]
    )
    return Preview(days=days, cutoff=cutoff, counts=counts, interviews=listed)


def due_survey_responses(workspace, today: dt.date | None = None) -> QuerySet[SurveyResponse]:
    """Responses past what is kept that still hold words: answered ones from when they were
    completed, the others from their invitation (or their import)."""
    return (
        SurveyResponse.objects.filter(workspace=workspace, purged_at=None)
        .alias(
            done=Coalesce("completed_at", "invited_at", "created"),
            promised=promised("pk", about="survey_response"),
        )
        .filter(older_than_kept(workspace, done="done", today=today))
    )
