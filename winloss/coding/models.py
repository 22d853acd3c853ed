"""SOP step 7: the workspace's codebook and the excerpts coded with it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.lib.models import Versioned
from winloss.lib.rows import insert

from .codebook import Example
from .codebook import Theme as EngineTheme

# The memos' models and the codebook's versions live in their sub-packages; importing them here
# registers them with Django and lets callers name every coding model from one module.
from .codebook.models import CodebookError, CodebookStatus, CodebookVersion
from .memos.models import About, Memo, MemoRevision

__all__ = [
    "SOP_PACK",
    "About",
    "CodebookError",
    "CodebookStatus",
    "CodebookVersion",
    "CodedExcerpt",
    "CodingJob",
    "Decision",
    "Direction",
    "InterviewThemeSummary",
    "Memo",
    "MemoRevision",
    "SecondCoding",
    "Settlement",
    "Suggestion",
    "SuggestionDecision",
    "Theme",
    "ThemeModel",
]


class Direction(models.TextChoices):
    WIN_DRIVER = "win_driver", "Win driver"
    LOSS_DRIVER = "loss_driver", "Loss driver"
    NEUTRAL = "neutral", "Neutral"


# Where a theme came from: the SOP's seven, an industry pack by name, or "" for a custom tag.
SOP_PACK = "sop"


class Theme(Versioned):
    """One code of a workspace's codebook. The slug never changes once made: exports, stored
    suggestion models and other stages name a theme by it, so a rename changes only ``name``."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=50, allow_unicode=False)
    # REFI-QDA tools recognise a code across exports by its GUID.
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    include = models.JSONField("include when", default=list, blank=True)
    exclude = models.JSONField("exclude when", default=list, blank=True)
    examples = models.JSONField(default=list, blank=True)  # [{"text": …, "direction": …}]
    seed_phrases = models.JSONField("seed phrases", default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    pack = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField("active", default=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="one_theme_per_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_custom(self) -> bool:
        return not self.pack

    @property
    def origin(self) -> str:
        if self.pack == SOP_PACK:
            return "SOP"
        return self.pack.replace("_", " ").capitalize() if self.pack else "Custom"

    def as_engine_theme(self) -> EngineTheme:
        """The theme as the suggestion engine reads it (``coding.codebook.Theme``)."""
        return EngineTheme(
            slug=self.slug,
            name=self.name,
            definition=self.definition,
            include=tuple(self.include),
            exclude=tuple(self.exclude),
            examples=tuple(Example(e["text"], e["direction"]) for e in self.examples),
            seed_phrases=tuple(self.seed_phrases),
            parent=self.parent.slug if self.parent else None,
        )


class CodedExcerptQuerySet(models.QuerySet["CodedExcerpt"]):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        stamp_codebook_versions(objs)
        return super().bulk_create(objs, *args, **kwargs)


def stamp_codebook_versions(excerpts: "list[CodedExcerpt]") -> None:
    """Give each new excerpt the version of the codebook it is coded under: its workspace's
    current one. Every way an excerpt is made (the coding screen, the API, bulk coding,
    accepted suggestions, imported history) passes through ``save`` or ``bulk_create``, which
    call this, so none can leave it out."""
    unstamped = [e for e in excerpts if e.codebook_version_id is None]
    if not unstamped:
        return
    current = CodebookVersion.objects.current({e.workspace_id for e in unstamped})
    for excerpt in unstamped:
        excerpt.codebook_version_id, excerpt.codebook_number = current[excerpt.workspace_id]


class CodedExcerpt(Versioned):
    """A piece of a note or a transcript turn, coded with one theme and the way it pushed the
    decision. ``text`` is exactly ``passage[start:end]`` when it was coded, and
    ``codebook_version`` the version of the codebook it was coded (or last confirmed) under."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="excerpts"
    )
    note = models.ForeignKey(
        "interviews.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    transcript_turn = models.ForeignKey(
        "interviews.TranscriptTurn",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="excerpts")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    competitor = models.ForeignKey(
        "deals.Competitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # PROTECT: a version an excerpt was coded under is never deleted (published ones never
    # change either), so "coded under" always reads what the coder read.
    # Set on every excerpt this version codes (the save below). Nullable for one release:
    # while an upgrade runs, the version before it still codes excerpts without one; the next
    # release sets those and makes the column NOT NULL (expand, then contract: docs/deploy.md).
    codebook_version = models.ForeignKey(
        CodebookVersion, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = CodedExcerptQuerySet.as_manager()
    # The version's number, when known without reading the version (its snapshot is large).
    codebook_number: int | None = None

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(note__isnull=False, transcript_turn__isnull=True)
                | Q(note__isnull=True, transcript_turn__isnull=False),
                name="excerpt_of_one_passage",
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="excerpt_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="excerpt_direction_known"
            ),
        ]
        indexes = [
            # The per-theme listing and its direction counts (GROUP BY) within a program.
            models.Index(fields=["theme", "program", "-created"], name="excerpt_theme_idx"),
            # The coding screen and agreement: an interview's excerpts by coder.
            models.Index(fields=["interview", "coder"], name="excerpt_interview_idx"),
            # The review queue and the versions a program's figures span: a program's
            # excerpts by the version they were coded under and their theme.
            models.Index(
                fields=["program", "codebook_version", "theme"], name="excerpt_version_idx"
            ),
        ]

    def __str__(self) -> str:
        # Not the words: the history keeps this name after a purge has removed them.
        return f"Excerpt {self.pk} ({self.get_direction_display().lower()})"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            stamp_codebook_versions([self])
        super().save(*args, **kwargs)

    def insert(self) -> None:
        """``save()`` of a new excerpt, with an INSERT written once (``lib.rows.insert``):
        coding one excerpt pays for this on every code."""
        stamp_codebook_versions([self])
        insert(self)

    @property
    def passage_key(self) -> str:
        return f"note-{self.note_id}" if self.note_id else f"turn-{self.transcript_turn_id}"


class InterviewThemeSummary(models.Model):
    """How many excerpts of an interview carry a theme in a direction: what analysis reads
    instead of the excerpts (about 10 rows an interview instead of 25 excerpts). Derived data,
    kept in step by ``coding.summary.refresh_summary`` in the transaction of every write."""

    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="theme_summary"
    )
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    excerpts = models.PositiveIntegerField()
    # Of those, how many name a competitor: the deal's rival is credited only with the rest.
    naming_competitor = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "theme", "direction"], name="one_summary_per_code"
            ),
        ]
        indexes = [
            # Analysis reads a program's rows interview by interview (GROUP BY interview
            # streams in index order) and finds everything it needs in the index itself.
            models.Index(
                fields=[
                    "program",
                    "interview",
                    "direction",
                    "theme",
                    "excerpts",
                    "naming_competitor",
                ],
                name="summary_program_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.theme_id} {self.direction} × {self.excerpts}"


class _Passage(models.Model):
    """A whole note or transcript turn of an interview."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="+"
    )
    note = models.ForeignKey(
        "interviews.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    transcript_turn = models.ForeignKey(
        "interviews.TranscriptTurn",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def passage_key(self) -> str:
        return f"note-{self.note_id}" if self.note_id else f"turn-{self.transcript_turn_id}"


class _PassageLink(_Passage):
    """A passage and one theme: what a suggestion or a decision on one is about."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True


class Suggestion(_PassageLink):
    """A theme the program's suggestion job proposed for a passage. Never a code by itself:
    a person accepts (which codes the passage) or rejects it."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    words = models.JSONField(default=list, blank=True)
    rank = models.PositiveSmallIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank"]
        indexes = [models.Index(fields=["interview", "rank"], name="suggestion_interview_idx")]

    def __str__(self) -> str:
        return f"{self.theme} ({self.score:.2f})"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SuggestionDecision(_PassageLink):
    """What a person said about a suggested theme for a passage: a rejected one is not
    suggested for that passage again."""

    decision = models.CharField(max_length=20, choices=Decision.choices)
    score = models.FloatField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["interview"], name="decision_interview_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="suggestion_decision_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.theme}"


class ThemeModel(models.Model):
    """The suggestion model learned from a workspace's accepted codes (``suggest.train``),
    as ``Model.dumps()`` bytes; the newest one is used."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    data = models.BinaryField()
    trained_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField()

    class Meta:
        ordering = ["-trained_at", "-pk"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"Model of {self.examples} codes, {self.trained_at:%Y-%m-%d %H:%M}"


class CodingJob(models.Model):
    """Which background job (suggesting, retraining) a program's coding page shows."""

    class Kind(models.TextChoices):
        SUGGEST = "suggest", "Suggest themes"
        RETRAIN = "retrain", "Retrain the suggestion model"

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.job_id})"


class SecondCoding(models.Model):
    """An interview a second coder codes independently, for inter-coder agreement."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="second_coding"
    )
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Second coding of {self.interview} by {self.coder}"


class Settlement(_Passage):
    """The themes two coders agreed on for a passage they had coded differently."""

    themes = models.JSONField(default=list, blank=True)  # theme slugs
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["interview"], name="settlement_interview_idx")]

    def __str__(self) -> str:
        return f"Settled: {', '.join(self.themes) or 'no theme'}"
