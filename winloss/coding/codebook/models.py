"""The codebook's numbered versions: the published ones coders code under, and one draft.

A published version never changes (``lib.frozen``): excerpts record the version they were
coded under, and the diff, the review queue and a published report's methodology read it.
Every change to the codebook goes into the workspace's one draft; publishing it applies it to
the themes and makes it the current version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Max, Q

from winloss.accounts.models import Workspace
from winloss.lib.errors import DomainError
from winloss.lib.frozen import Freezing, FreezingQuerySet
from winloss.lib.models import Versioned


class CodebookError(DomainError):
    """A codebook change that cannot be made, said for the person who asked."""


class CodebookStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class CodebookVersionQuerySet(FreezingQuerySet):
    def published(self) -> "CodebookVersionQuerySet":
        return self.filter(status=CodebookStatus.PUBLISHED)

    def current(self, workspace_ids: set[int]) -> dict[int, tuple[int, int]]:
        """{workspace id: (id, number) of its current version}, in one query. The newest
        published version has both the highest id and the highest number: a draft is made
        after every version published before it."""
        found = {
            workspace: (pk, number)
            for workspace, pk, number in self.published()
            .filter(workspace_id__in=workspace_ids)
            .order_by()
            .values_list("workspace_id")
            .annotate(newest=Max("pk"), number=Max("number"))
        }
        if set(workspace_ids) - set(found):
            raise CodebookError(
                "This workspace's codebook has no published version: publish the draft first."
            )
        return found


class CodebookVersion(Freezing, Versioned):
    """One numbered version of a workspace's codebook: the draft, or published."""

    FROZEN = Q(status=CodebookStatus.PUBLISHED)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=CodebookStatus.choices, default=CodebookStatus.DRAFT
    )
    # Every theme's entry (``snapshot.entries_of``), merged and retired ones included.
    themes = models.JSONField(default=list, blank=True)
    # {theme id: digest of its meaning}, set when published (``snapshot.meanings_of``).
    meanings = models.JSONField(default=dict, blank=True)
    note = models.TextField("what changed and why", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = CodebookVersionQuerySet.as_manager()

    class Meta:
        ordering = ["workspace", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "number"], name="codebook_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(status=CodebookStatus.DRAFT),
                name="codebook_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CodebookStatus.values), name="codebook_status_known"
            ),
        ]

    def __str__(self) -> str:
        draft = " (draft)" if self.status == CodebookStatus.DRAFT else ""
        return f"Codebook version {self.number}{draft}"

    @classmethod
    def frozen_error(cls) -> CodebookError:
        return CodebookError(
            "This codebook version is published and can no longer change; edit the codebook to "
            "start a new draft."
        )

    @property
    def is_draft(self) -> bool:
        return self.status == CodebookStatus.DRAFT
