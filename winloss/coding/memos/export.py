"""A program's memos as CSV or XLSX, one row a memo, as the memo list shows them (its search
and filters applied)."""

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from winloss.lib.spreadsheets import table_bytes
from winloss.programs.models import Program

from .models import Memo
from .queries import attached_to

COLUMNS = [
    "Memo id",
    "Title",
    "About",
    "Attached to",
    "Author",
    "Written at",
    "Last saved by",
    "Last saved at",
    "Version",
    "Shared with stakeholders",
    "Text (markdown)",
]


def memo_rows(memos: QuerySet[Memo]) -> Iterator[list]:
    zone = timezone.get_current_timezone()
    for memo in memos:
        yield [
            memo.pk,
            memo.title,
            memo.get_about_display(),
            attached_to(memo),
            str(memo.author or ""),
            memo.created.astimezone(zone).replace(tzinfo=None, microsecond=0),
            str(memo.updated_by or ""),
            memo.updated.astimezone(zone).replace(tzinfo=None, microsecond=0),
            memo.version,
            "Yes" if memo.shared else "No",
            memo.text,
        ]


def memos_file(program: Program, memos: QuerySet[Memo], fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its name (``fmt``: csv or xlsx)."""
    data = table_bytes(fmt, COLUMNS, memo_rows(memos), sheet="Memos")
    return data, f"memos-{slugify(program.name) or program.pk}.{fmt}"
