"""The per-interview coding summary that analysis reads (``InterviewThemeSummary``).

Every write that creates, deletes, recodes or moves coded excerpts calls
``refresh_summary(interview_ids)`` inside its own transaction, so the summary never disagrees
with the excerpts a reader could see. A refresh recounts whole interviews rather than adjusting
counts: one DELETE and one INSERT … SELECT … GROUP BY per interview batch, both on indexes, so a
single code costs two cheap statements and can never drift by a missed increment.
"""

from collections.abc import Iterable

from django.db import connection

from .models import CodedExcerpt, InterviewThemeSummary

# SQLite allows 32,766 parameters a statement; batches keep each IN list short either way.
BATCH = 500

_SUMMARY = InterviewThemeSummary._meta.db_table
_EXCERPTS = CodedExcerpt._meta.db_table
_COLUMNS = "interview_id, program_id, theme_id, direction, excerpts, naming_competitor"
_SELECT = (
    "SELECT interview_id, program_id, theme_id, direction, COUNT(*), COUNT(competitor_id) "
    f"FROM {_EXCERPTS}"
)
_GROUP = "GROUP BY interview_id, program_id, theme_id, direction"


def refresh_summary(interview_ids: Iterable[int]) -> None:
    """Recount the summary rows of these interviews from their excerpts."""
    ids = sorted({int(pk) for pk in interview_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {_SUMMARY} WHERE interview_id IN ({marks})", batch)
            cursor.execute(
                f"INSERT INTO {_SUMMARY} ({_COLUMNS}) {_SELECT} "
                f"WHERE interview_id IN ({marks}) {_GROUP}",
                batch,
            )


def rebuild_summary() -> None:
    """Recount every row: for a repair, and for the data migration's first fill."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_SUMMARY}")
        cursor.execute(f"INSERT INTO {_SUMMARY} ({_COLUMNS}) {_SELECT} {_GROUP}")


def interviews_coded_with(excerpts) -> list[int]:
    """The interviews an excerpt queryset touches: read before an UPDATE moves the rows."""
    return list(excerpts.order_by().values_list("interview_id", flat=True).distinct())
