"""``import_deals``: a CRM export into the workspace's deals, all or nothing.

Two passes. The first reads and checks every row without touching the database (``checking``)
and stages the checked records in a temporary file; the second upserts them (``saving``). An
import with row errors writes nothing unless ``valid_only`` is asked for: all or nothing is
decided by the first pass, over the whole file, before the first write.

The second pass commits in short slices rather than one long transaction, and on SQLite
pauses between slices: SQLite has one writer at a time, and an import holding it for a minute
would make every login and every save in every workspace wait, then fail. While nobody else
writes during the pauses, the slices grow (up to a second), so an import on a quiet server
spends little of its time pausing; the first write by anyone else makes them short again. The
writes are
upserts keyed on the CRM id, so should the process die between two slices, importing the same
file again completes the import and changes nothing already written. A dry run does each
slice and rolls it back, so its counts are those a real import would give.
"""

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from winloss.activity.services import log_action
from winloss.lib.sql import larger_page_cache
from winloss.lib.tables.reading import Source, Table, open_table

from .checking import Checked, check_rows
from .errors import RejectedRow, RowError
from .formats import Mapping, guess_mapping
from .outcomes import StageRules, saved_stage_outcomes
from .saving import DealWriter

Progress = Callable[[int, int, str], None]


@dataclass
class ImportResult:
    what: str = "deals"  # or, for companion files, "accounts", "sales teams", "product lines"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # all errors; ``errors`` lists the first 10,000
    mapping: Mapping | None = None
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    date_order: str | None = None
    dry_run: bool = False
    saved: bool = False
    accounts_created: int = 0
    competitors_created: int = 0
    deals_updated: int = 0  # companion files (``enrich``): deals that took new values

    valid_only: bool = False
    # The file's header and its first ``MAX_KEPT_REJECTS`` rejected rows as they were
    # (``rejects`` writes them back out); not in ``as_dict``, which the job keeps whole.
    headers: list[str] = field(default_factory=list)
    rejected_rows: list[RejectedRow] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        """Row errors kept (in a dry run: would keep) the import from saving anything."""
        return bool(self.error_count) and not self.valid_only

    def as_dict(self) -> dict[str, Any]:
        """The JSON the CLI prints and the job keeps."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "errors": [e.as_dict() for e in self.errors],
            "mapping": self.mapping.as_dict() if self.mapping else {},
            "warnings": self.warnings,
            **({"deals_updated": self.deals_updated} if self.what != "deals" else {}),
        }

    def summary(self) -> str:
        if self.stopped and not self.dry_run:
            return (
                f"Nothing was imported: {self.rejected:,} of {self.rows:,} rows have errors. "
                "Fix them, or import only the valid rows."
            )
        if self.stopped:
            return (
                f"Nothing would be imported: {self.rejected:,} of {self.rows:,} rows have "
                f"errors. The other rows would give {self.created:,} new, {self.updated:,} "
                f"updated, {self.unchanged:,} unchanged."
            )
        verb = "Would import" if self.dry_run else "Imported"
        text = (
            f"{verb} {self.rows:,} rows of {self.what}: {self.created:,} new, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged"
        )
        if self.rejected:
            text += f", {self.rejected:,} rejected"
        if self.duplicates:
            text += f", {self.duplicates:,} duplicates counted once"
        if self.deals_updated:
            text += f"; {self.deals_updated:,} deals took the new values"
        return text + "."


def import_deals(
    *,
    workspace,
    source: Source | Table,
    user=None,
    actor: str = "",
    file_name: str = "",
    file_format: str = "auto",
    mapping: dict[str, str] | Mapping | None = None,
    stage_outcomes: dict[str, str] | None = None,
    date_order: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a deal file; ``ImportFailed`` when the file as a whole cannot be read.

    ``mapping`` names columns (header -> deal field, "" to skip a column) before the guessed
    synonyms; ``stage_outcomes`` overrides the workspace's saved stage mappings, which
    override the default stage -> outcome table; ``date_order``
    ("dmy"/"mdy") reads dates such as 03/04/2025 that the file alone does not settle.
    """
    rules = StageRules({**saved_stage_outcomes(workspace), **(stage_outcomes or {})})
    if isinstance(mapping, Mapping):
        mapping = mapping.columns
    with open_table(source) as table, paused_gc():
        used = guess_mapping(table.headers, file_format=file_format, columns=mapping)
        report = (lambda done, total: progress(done, total, "Checking rows")) if progress else None
        checked = check_rows(table, used, rules=rules, date_order=date_order, progress=report)
        notes = [*table.notes, *used.notes]
        headers = list(table.headers)
    result = ImportResult(
        headers=headers,
        rejected_rows=checked.rejected_rows,
        mapping=used,
        rows=checked.rows,
        duplicates=checked.duplicates,
        rejected=checked.rejected,
        errors=checked.errors,
        error_count=checked.error_count,
        date_order=checked.date_order,
        dry_run=dry_run,
        valid_only=valid_only,
    )
    try:
        if dry_run or valid_only or not checked.error_count:
            if progress:
                progress(checked.rows, checked.rows, f"Saving {checked.valid:,} deals")
            with paused_gc():
                _save(
                    workspace=workspace,
                    mapping=used,
                    checked=checked,
                    result=result,
                    user=user,
                    actor=actor,
                    file_name=file_name,
                )
    finally:
        checked.close()
    result.warnings = notes + checked.warnings.as_list()
    if checked.error_count > len(checked.errors):
        result.warnings.append(
            f"{checked.error_count:,} errors were found; the first {len(checked.errors):,} "
            "are listed."
        )
    return result


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off Python's cycle collector while rows stream through.

    Each row makes short-lived tuples and lists that trip the collector every few hundred
    allocations, which then walks every live object: a tenth of the import's time for no
    garbage, as nothing here makes cycles. It runs as usual again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# How long one write transaction may hold the database, and (SQLite) how long the import then
# steps aside: longer than SQLite's longest busy-wait poll (100 ms), so a waiting login gets in.
# A pause in which no other connection wrote means nobody was waiting to write (in WAL mode
# readers never wait for a writer): the next slice may then be twice as long, up to
# LONGEST_SLICE_SECONDS, which is what a login can wait at worst.
WRITE_SLICE_SECONDS = 0.25
LONGEST_SLICE_SECONDS = 1.0
PAUSE_SECONDS = 0.12


def _save(
    *, workspace, mapping: Mapping, checked: Checked, result: ImportResult, user, actor, file_name
) -> None:
    writer = DealWriter(
        workspace=workspace,
        mapping=mapping,
        date_order=checked.date_order,
        warnings=checked.warnings,
    )
    chunks = iter(checked.records())
    seconds = WRITE_SLICE_SECONDS
    with larger_page_cache():
        while _write_slice(writer, chunks, roll_back=result.dry_run, seconds=seconds):
            if connection.vendor == "sqlite" and not connection.in_atomic_block:
                others_wrote = _step_aside()
                seconds = (
                    WRITE_SLICE_SECONDS if others_wrote else min(2 * seconds, LONGEST_SLICE_SECONDS)
                )
    result.created, result.updated, result.unchanged = (
        writer.created,
        writer.updated,
        writer.unchanged,
    )
    result.accounts_created = writer.lookups.accounts_created
    result.competitors_created = writer.lookups.competitors_created
    if result.dry_run:
        return
    result.saved = True
    log_action(
        workspace,
        "deals.imported",
        user=user,
        actor=actor,
        data={
            "file": file_name or "a file",
            "format": mapping.format,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "duplicates": result.duplicates,
            "accounts_created": result.accounts_created,
        },
    )


def _step_aside() -> bool:
    """Pause between two slices (SQLite); True when another connection wrote meanwhile.

    SQLite's ``data_version`` changes when, and only when, another connection commits.
    """
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        before = cursor.fetchone()[0]
        time.sleep(PAUSE_SECONDS)
        cursor.execute("PRAGMA data_version")
        return cursor.fetchone()[0] != before


def _write_slice(
    writer: DealWriter, chunks: Iterator[list[tuple]], *, roll_back: bool, seconds: float
) -> bool:
    """Write chunks in one transaction until ``seconds`` are up; False when none were left."""
    deadline = time.monotonic() + seconds
    wrote = False
    with transaction.atomic():
        for chunk in chunks:
            writer.write(chunk)
            wrote = True
            if time.monotonic() >= deadline:
                break
        if roll_back:
            transaction.set_rollback(True)
    return wrote
