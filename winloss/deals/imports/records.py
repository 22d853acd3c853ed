"""A checked deal row as the first pass spools it, and what the first pass learned.

A record is a tuple in ``RECORD`` order: compact to pickle and quick to index. Amounts are
kept as text and dates as day numbers (``toordinal``): they pickle ten times faster than
``Decimal`` and ``date`` objects.
"""

import datetime as dt
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from winloss.deals.models import Account, Deal, Outcome

from .errors import RejectedRow, RowError, Warnings, reasons

# Positions in a checked record (a tuple: compact to pickle, quick to index).
RECORD = (
    "row", "crm_id", "name", "account", "account_crm_id", "outcome", "stage", "amount",
    "currency", "created_date", "close_date", "owner_name", "owner_email", "product",
    "product_line", "region", "industry", "tier", "competitor", "rep_stated_reason",
    "open_dispute",
)  # fmt: skip
AT = {name: index for index, name in enumerate(RECORD)}
REASONS = ("lost_reason", "won_reason", "rep_stated_reason")
TEXT_FIELDS = (
    "crm_id", "name", "account", "account_crm_id", "stage", "owner_name", "owner_email",
    "product", "product_line", "region", "industry", "tier", "competitor", "lost_reason",
    "won_reason", "rep_stated_reason", "currency",
)  # fmt: skip
_LENGTHS = {
    "account": Account._meta.get_field("name").max_length,
    "account_crm_id": Account._meta.get_field("crm_id").max_length,
    "competitor": 200,
    **{f.name: f.max_length for f in Deal._meta.concrete_fields if f.name in TEXT_FIELDS},
}
# The text fields that have a limit (a field's max_length is optional to the type checker).
MAX_LENGTH: dict[str, int] = {name: length for name, length in _LENGTHS.items() if length}
NOT_A_COMPETITOR = frozenset({"", "-", "n/a", "na", "none", "null", "unknown", "no competitor"})
MAX_LISTED_ERRORS = 10_000
# Rejected rows kept with their cells (to download and fix): bounded like the errors, so a
# file of 500,000 bad rows does not hold them all in memory or in the job.
MAX_KEPT_REJECTS = 10_000
CHUNK = 2_000


class SeenIds:
    """Every CRM id a file has shown so far, to find repeated rows.

    Kept in a private temporary SQLite database (its own file, not winloss's database), not a
    dict: a dict costs about 100 bytes a row, so memory would grow with the file. SQLite's
    page cache stays at 2 MB and the rest waits on disk; one query per chunk of rows.
    """

    BATCH = 900  # under SQLite's oldest limit of 999 parameters a query

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a temporary database, deleted when closed
        self.db.execute("CREATE TABLE seen (key INTEGER PRIMARY KEY, value INTEGER NOT NULL)")

    def earlier(self, keys: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(keys), self.BATCH):
            part = keys[start : start + self.BATCH]
            marks = ",".join("?" * len(part))
            found.update(
                self.db.execute(f"SELECT key, value FROM seen WHERE key IN ({marks})", part)
            )
        return found

    def add(self, values: dict[int, int]) -> None:
        self.db.executemany("INSERT INTO seen VALUES (?, ?)", values.items())

    def close(self) -> None:
        self.db.close()


class Checked:
    """What the first pass learned: counts, problems, the date convention, the spooled records."""

    def __init__(self) -> None:
        self.spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the caller)
        self.rows = 0
        self.valid = 0
        self.duplicates = 0
        self.rejected = 0
        self._last_rejected = 0
        self.errors: list[RowError] = []
        self.error_count = 0
        self.rejected_rows: list[RejectedRow] = []
        self.warnings = Warnings()
        self.date_order: str | None = None

    def error(self, error: RowError) -> None:
        # Errors arrive in row order, so counting rows needs no set of row numbers.
        if error.row != self._last_rejected:
            self.rejected += 1
            self._last_rejected = error.row
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)

    def reject(self, number: int, cells: list[str], problems: list[RowError]) -> None:
        """Count a row out with its problems; keep its cells while under ``MAX_KEPT_REJECTS``."""
        for problem in problems:
            self.error(problem)
        if len(self.rejected_rows) < MAX_KEPT_REJECTS:
            self.rejected_rows.append(RejectedRow(number, cells, reasons(problems)))

    def records(self) -> Iterator[list[tuple]]:
        """The valid records, a chunk at a time."""
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)
            except EOFError:
                return

    def close(self) -> None:
        self.spool.close()


def packed(value: Any) -> Any:
    return value.toordinal() if isinstance(value, dt.date) else value


def unpacked(value: Any, order: str | None) -> dt.date | None:
    """A spooled date back as a date (``order`` settles an ``AmbiguousDate``)."""
    if value is None:
        return None
    if isinstance(value, int):
        return dt.date.fromordinal(value)
    return value.resolve(order)


def chosen_reason(values: dict, outcome: str | None) -> str:
    order = ("won_reason", "rep_stated_reason", "lost_reason")
    if outcome != Outcome.WON:
        order = ("lost_reason", "rep_stated_reason", "won_reason")
    for name in order:
        if values.get(name):
            return values[name]
    return ""
