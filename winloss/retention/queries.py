"""What the retention policy says and what its next purge would empty."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from winloss.coding.models import CodedExcerpt
from winloss.escalations.models import Escalation
from winloss.interviews.models import Interview, InterviewStatus, Note, NoteRevision
from winloss.interviews.transcript_models import Transcript, TranscriptTurn

from .models import COUNTS, DEFAULT_DAYS, RetentionPolicy

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


def due_interviews(workspace, cutoff: dt.date) -> QuerySet[Interview]:
    """Completed (or imported) interviews finished before ``cutoff`` that still hold words: not
    yet purged, or given a transcript since."""
    start_of_cutoff = timezone.make_aware(dt.datetime.combine(cutoff, dt.time()))
    unpurged_transcript = Transcript.objects.filter(interview=OuterRef("pk"), purged_at=None)
    return (
        Interview.objects.filter(workspace=workspace, status=InterviewStatus.COMPLETED)
        # Planted and very old rows may lack completed_at; they started before they ended.
        .alias(done=Coalesce("completed_at", "started_at"))
        .filter(done__lt=start_of_cutoff)
        .filter(Q(purged_at=None) | Exists(unpurged_transcript))
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
    }


@dataclass
class Preview:
    days: int | None
    cutoff: dt.date | None
    counts: dict[str, int] = field(default_factory=dict)
    interviews: list[Interview] = field(default_factory=list)  # the first few, oldest first

    @property
    def empty(self) -> bool:
        return not self.counts.get("interviews")


def preview(workspace, today: dt.date | None = None) -> Preview:
    """What ``services.purge`` would remove if it ran now, in a fixed number of queries."""
    days = policy_for(workspace).days
    if days is None:
        return Preview(days=None, cutoff=None, counts=dict.fromkeys(COUNTS, 0))
    cutoff = cutoff_for(days, today)
    due = due_interviews(workspace, cutoff)
    counts = {"interviews": due.count()}
    ids = due.values("pk")
    counts |= {kind: qs.count() for kind, qs in targets(ids).items()}
    listed = list(
        due.select_related("entry__deal", "program").order_by("done", "pk")[:PREVIEW_LISTED]
    )
    return Preview(days=days, cutoff=cutoff, counts=counts, interviews=listed)
