"""The per-interview coding summary that analysis reads (``InterviewThemeSummary``).

Every write that creates, deletes, recodes or moves coded excerpts calls
``refresh_summary(interview_ids)`` inside its own transaction, so the summary never disagrees
with the excerpts a reader could see. A refresh recounts whole interviews rather than adjusting
counts: one DELETE and one INSERT … SELECT … GROUP BY per interview batch, both on indexes, so a
single code costs two cheap statements and can never drift by a missed increment.
A new code on an interview without a second coder (nearly every one) is one statement
instead, ``count_new_code``: its row's count plus one, or a new row, in the same transaction.

Only settled codes count. On an interview with a second coder, the second coder's codes stay
out until the two coders settle the passage; once settled, a passage counts the settled themes
only, whoever coded them (``uncounted``). Assigning a second coder and settling refresh too.
"""

from collections.abc import Iterable

from django.db import connection

from .models import CodedExcerpt, InterviewThemeSummary, SecondCoding, Settlement

# SQLite allows 32,766 parameters a statement; batches keep each IN list short either way.
BATCH = 500

_SUMMARY = InterviewThemeSummary._meta.db_table
_EXCERPTS = CodedExcerpt._meta.db_table
_SECONDS = SecondCoding._meta.db_table
_COLUMNS = "interview_id, program_id, theme_id, direction, excerpts, naming_competitor"
_SELECT = (
    "SELECT interview_id, program_id, theme_id, direction, COUNT(*), COUNT(competitor_id) "
    f"FROM {_EXCERPTS}"
)
_GROUP = "GROUP BY interview_id, program_id, theme_id, direction"


def uncounted(interview_ids: Iterable[int] | None = None) -> list[int]:
    """Excerpts no figure counts yet: a second coder's codes on a passage not settled, and on
    a settled passage any code of a theme the settlement left out. Few interviews have a
    second coder, so this reads only theirs (all of them when ``interview_ids`` is None)."""
    seconds = SecondCoding.objects.all()
    if interview_ids is not None:
        seconds = seconds.filter(interview_id__in=list(interview_ids))
    second_coder = dict(seconds.values_list("interview_id", "coder_id"))
    if not second_coder:
        return []
    settled = {
        (s.interview_id, s.passage_key): set(s.themes)
        for s in Settlement.objects.filter(interview_id__in=list(second_coder)).only(
            "interview_id", "note_id", "transcript_turn_id", "themes"
        )
    }
    rows = CodedExcerpt.objects.filter(interview_id__in=list(second_coder)).values_list(
        "pk", "interview_id", "note_id", "transcript_turn_id", "coder_id", "theme__slug"
    )
    out = []
    for pk, interview_id, note_id, turn_id, coder_id, slug in rows:
        key = (interview_id, f"note-{note_id}" if note_id else f"turn-{turn_id}")
        if key in settled:
            if slug not in settled[key]:
                out.append(pk)
        elif coder_id == second_coder[interview_id]:
            out.append(pk)
    return out


def _leaving_out(excluded: list[int]) -> tuple[str, list[int]]:
    if not excluded:
        return "", []
    return f"AND id NOT IN ({', '.join(['%s'] * len(excluded))}) ", excluded


def refresh_summary(interview_ids: Iterable[int]) -> None:
    """Recount the summary rows of these interviews from their counted excerpts."""
    ids = sorted({int(pk) for pk in interview_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            leave_out, left = _leaving_out(uncounted(batch))
            cursor.execute(f"DELETE FROM {_SUMMARY} WHERE interview_id IN ({marks})", batch)
            cursor.execute(
                f"INSERT INTO {_SUMMARY} ({_COLUMNS}) {_SELECT} "
                f"WHERE interview_id IN ({marks}) {leave_out}{_GROUP}",
                [*batch, *left],
            )


def count_new_code(excerpt: CodedExcerpt) -> bool:
    """Count one new excerpt into its summary row in one statement (an INSERT, or one more on
    the row it joins), instead of recounting the interview: True when counted. Only when
    every code of the interview counts, i.e. it has no second coder, which the statement
    itself checks; otherwise (False) the caller refreshes the interview."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_SUMMARY} ({_COLUMNS}) SELECT %s, %s, %s, %s, 1, %s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {_SECONDS} WHERE interview_id = %s) "
            "ON CONFLICT (interview_id, theme_id, direction) DO UPDATE SET "
            f"excerpts = {_SUMMARY}.excerpts + 1, "
            f"naming_competitor = {_SUMMARY}.naming_competitor + excluded.naming_competitor",
            [
                excerpt.interview_id,
                excerpt.program_id,
                excerpt.theme_id,
                excerpt.direction,
                1 if excerpt.competitor_id is not None else 0,
                excerpt.interview_id,
            ],
        )
        return cursor.rowcount == 1


def rebuild_summary() -> None:
    """Recount every row: for a repair, and for the data migration's first fill."""
    leave_out, left = _leaving_out(uncounted())
    where = f"WHERE 1 = 1 {leave_out}" if left else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_SUMMARY}")
        cursor.execute(f"INSERT INTO {_SUMMARY} ({_COLUMNS}) {_SELECT} {where}{_GROUP}", left)


def interviews_coded_with(excerpts) -> list[int]:
    """The interviews an excerpt queryset touches: read before an UPDATE moves the rows."""
    return list(excerpts.order_by().values_list("interview_id", flat=True).distinct())
