"""SOP step 5: the interview itself, its notes kept apart by kind, and every saved revision."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.deals.models import DecisionRole
from winloss.lib.models import Versioned

# The review's and the transcripts' models live in their sub-packages; importing them here is
# what registers them with Django, and lets callers name every interview model from one module.
from .review.models import RepDebrief, Validation, ValidationStatus
from .transcripts.models import SpeakerRole, Transcript, TranscriptTurn


class InterviewStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Interview(Versioned):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="interviews"
    )
    # A deal may be heard from several people: one interview per appointment (voice).
    entry = models.ForeignKey(
        "programs.SampleEntry", on_delete=models.PROTECT, related_name="interviews"
    )
    appointment = models.OneToOneField(
        "outreach.Appointment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interview",
    )
    # The exact approved version followed: it never changes, so neither does what was asked.
    guide_version = models.ForeignKey(
        "guides.GuideVersion", on_delete=models.PROTECT, related_name="interviews"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_role = models.CharField(
        "respondent's role in the decision",
        max_length=20,
        choices=DecisionRole.choices,
        blank=True,
    )
    status = models.CharField(
        max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When the retention policy emptied its notes (``retention.services.purge``): the coded
    # excerpts stay, anonymised, so the findings survive the words.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InterviewStatus.values), name="interview_status_known"
            ),
            # An interview without an appointment (an imported one) is the deal's only one.
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(appointment__isnull=True),
                name="one_unbooked_interview_per_deal",
            ),
        ]

    def __str__(self) -> str:
        return f"Interview about {self.entry.deal}" if self.entry_id else "Interview"


class NoteKind(models.TextChoices):
    QUOTE = "quote", "Verbatim quote"
    FACT = "fact", "Observed fact"
    INTERPRETATION = "interpretation", "Interviewer interpretation"


class Note(Versioned):
    """What was written under one question, of one kind. The SOP keeps quotes, observed facts
    and the interviewer's interpretation apart so coding stays consistent."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="notes")
    question = models.ForeignKey(
        "guides.Question", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__position", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question", "kind"], name="one_note_per_question_and_kind"
            ),
            models.UniqueConstraint(
                fields=["interview", "kind"],
                condition=Q(question__isnull=True),
                name="one_general_note_per_kind",
            ),
            models.CheckConstraint(condition=Q(kind__in=NoteKind.values), name="note_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class NoteRevision(models.Model):
    """Every saved state of a note: nothing typed is ever overwritten beyond recall."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["note", "version"], name="one_revision_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.note} v{self.version}"


__all__ = [
    "Interview",
    "InterviewStatus",
    "Note",
    "NoteKind",
    "NoteRevision",
    "RepDebrief",
    "SpeakerRole",
    "Transcript",
    "TranscriptTurn",
    "Validation",
    "ValidationStatus",
]
