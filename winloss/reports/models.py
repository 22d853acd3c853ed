"""SOP step 10: the win-loss report of a program — a draft the team edits, and the versions it
published, which never change.

A published version holds its whole content as one JSON document (the figures and the
anonymised quotes as they were at publication), a checksum of that document, and the files
rendered from it. The guard against change is here in the models (``save``, ``delete`` and
queryset ``update``/``delete`` refuse), not only in the services, like approved guides.
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from winloss.accounts.models import Workspace
from winloss.lib.errors import DomainError
from winloss.lib.models import Versioned


class ReportError(DomainError):
    """A report change that cannot be made, said for the person who asked."""


class Format(models.TextChoices):
    PDF = "pdf", "PDF"
    PPTX = "pptx", "Slides (PPTX)"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Figures and excerpts (XLSX)"


CONTENT_TYPES: dict[str, str] = {
    Format.PDF: "application/pdf",
    Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def checksum_of(content: dict) -> str:
    """SHA-256 of the content in one canonical spelling (sorted keys, no spaces)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Report(Versioned):
    """The draft of a program's report: the words people write, and the quotes they chose.
    Everything else is filled from the data each time the draft is shown."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="report"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(
        "executive summary", blank=True, help_text="What leadership should take away."
    )
    limitations = models.TextField(
        "further limitations",
        blank=True,
        help_text="Added to the limitations worked out from the data.",
    )
    recipients = models.TextField(
        "also notify",
        blank=True,
        help_text="Email addresses told when a version is published, one per line, besides "
        "the program owner and the workspace's stakeholders.",
    )
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    def recipient_list(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class ReportQuote(models.Model):
    """A coded excerpt the analyst chose to quote, with words they asked to take out."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="quotes")
    excerpt = models.ForeignKey(
        "coding.CodedExcerpt", on_delete=models.CASCADE, related_name="report_quotes"
    )
    position = models.PositiveIntegerField(default=0)
    redact_terms = models.TextField(
        "also take out",
        blank=True,
        help_text="Words to take out of this quote besides names, contacts and the company, "
        "one per line.",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "excerpt"], name="quote_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"Quote of excerpt {self.excerpt_id} in {self.report_id}"

    def terms(self) -> list[str]:
        return [line.strip() for line in self.redact_terms.splitlines() if line.strip()]


class ReportMemo(models.Model):
    """A memo the analyst cites in the methodology section. A published version holds the
    memo's words as they were at publication; later edits reach only later versions."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="memos")
    memo = models.ForeignKey("coding.Memo", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "memo"], name="memo_cited_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"Memo {self.memo_id} cited in {self.report_id}"


def _refuse(exists: bool) -> None:
    if exists:
        raise ReportError(
            "A published report version never changes; edit the draft and publish again to "
            "make a new version."
        )


class PublishedQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        _refuse(self.exists())
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse(self.exists())
        return super().delete()


class Frozen(models.Model):
    """A row written once at publication and never again."""

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        _refuse(self.pk is not None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(True)


class ReportVersion(Frozen):
    """One published version: its content frozen at publication, with the checksum of it."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    checksum = models.CharField(max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} — version {self.number}"

    @property
    def intact(self) -> bool:
        """The stored content still hashes to the checksum taken at publication."""
        return checksum_of(self.content) == self.checksum


class ReportFile(Frozen):
    """A file rendered from a published version's content, kept so every download of that
    version is the same bytes (rendering twice may differ in fonts or library versions).

    The bytes are in the file storage (``lib.files``), written once under a name of their
    own and never replaced; the SHA-256 taken when they were rendered stays here, and every
    read checks it (``read``)."""

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=10, choices=Format.choices)
    file = models.FileField(max_length=255)
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "format"], name="one_file_per_format"),
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="report_file_format_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.format})"

    def read(self) -> bytes:
        """The file's bytes, as they were published: ``ReportError`` if the storage lost them
        or holds other bytes under their name."""
        what = f"The {self.format.upper()} file of version {self.version.number}"
        try:
            if not self.file.name:
                raise FileNotFoundError
            with self.file.storage.open(self.file.name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise ReportError(f"{what} is missing from the file storage.") from None
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ReportError(
                f"{what} no longer matches the checksum taken at publication, so it is not "
                "served; restore it from a backup."
            )
        return data
