"""Analysts' memos (SOP steps 7 and 8): what the team thinks while coding and analysing,
attached to the program, a theme, an interview or one coded excerpt, in markdown, with every
saved version kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.lib.models import Tracked


class About(models.TextChoices):
    PROGRAM = "program", "The program"
    THEME = "theme", "A theme"
    INTERVIEW = "interview", "An interview"
    EXCERPT = "excerpt", "An excerpt"


# What may leave the team: a memo about the program or a theme is the team's own reasoning;
# one about an interview or an excerpt may name the respondent, so it is never shared or cited.
SHAREABLE = (About.PROGRAM, About.THEME)


class Memo(Tracked):
    """One memo. ``about`` says what it is attached to and the constraints keep the links in
    step with it; an excerpt's memo also names the excerpt's interview, so the interview's
    memos, a purge of it and a deletion request find it with the interview's."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    about = models.CharField(max_length=20, choices=About.choices)
    theme = models.ForeignKey(
        "coding.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    interview = models.ForeignKey(
        "interviews.Interview", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # RESTRICT: an excerpt is not removed from under its memo (``remove_excerpt`` moves the
    # memo to the interview first), but the interview may still go with both.
    excerpt = models.ForeignKey(
        "coding.CodedExcerpt",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared = models.BooleanField(default=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(about__in=About.values), name="memo_about_known"),
            models.CheckConstraint(
                condition=Q(about=About.PROGRAM, theme=None, interview=None, excerpt=None)
                | Q(about=About.THEME, theme__isnull=False, interview=None, excerpt=None)
                | Q(about=About.INTERVIEW, theme=None, interview__isnull=False, excerpt=None)
                | Q(
                    about=About.EXCERPT,
                    theme=None,
                    interview__isnull=False,
                    excerpt__isnull=False,
                ),
                name="memo_attached_as_it_says",
            ),
            models.CheckConstraint(
                condition=Q(shared=False) | Q(about__in=SHAREABLE),
                name="memo_shared_only_about_program_or_theme",
            ),
        ]
        indexes = [models.Index(fields=["program", "-updated"], name="memo_program_idx")]

    def __str__(self) -> str:
        # The history keeps this name: an interview's memo may name the respondent in its
        # title, so only its number is kept there.
        if self.about in SHAREABLE:
            return f"memo “{self.title}”"
        return f"memo {self.pk} on {self.get_about_display().lower()}"

    @property
    def shareable(self) -> bool:
        return self.about in SHAREABLE


class MemoRevision(models.Model):
    """Every saved state of a memo, as notes keep theirs: nothing written is lost to a later
    save, and each version says who saved it and when."""

    memo = models.ForeignKey(Memo, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["memo", "version"], name="one_memo_revision_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.memo} v{self.version}"
