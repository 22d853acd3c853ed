"""The rows an import left out, handed back as a CSV to fix and import again.

Each row keeps the file's own columns and values, after two of ours: ``row`` (where it was in
the file) and ``reasons`` (every problem the row had). Ours come first so a row with more
values than the header still lines up. Every cell goes through ``safe_cell``: the values came
from a CRM export and the file is opened in a spreadsheet.
"""

import csv
import io
import secrets
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from winloss.lib.spreadsheets import safe_cell

from .records import MAX_KEPT_REJECTS
from .run import ImportResult
from .stored import imports_folder

OUR_COLUMNS = ("row", "reasons")
# Excel reads a CSV without a byte-order mark as the machine's code page, garbling accents.
ENCODING = "utf-8-sig"


def write_rejected(result: ImportResult, out: IO[str]) -> int:
    """Write the kept rejected rows of ``result`` as CSV to ``out``; how many were written."""
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in (*OUR_COLUMNS, *result.headers)])
    for rejected in result.rejected_rows:
        writer.writerow(
            [rejected.row, safe_cell(rejected.reasons), *(safe_cell(c) for c in rejected.cells)]
        )
    return len(result.rejected_rows)


def store_rejected(*, workspace, result: ImportResult) -> dict:
    """Keep the rejected rows beside the workspace's uploads; what the job remembers of them.

    The answer goes into the job's ``result``: the stored file's name in the file storage, how
    many rows it holds, and whether more were rejected than it holds.
    """
    if not result.rejected_rows:
        return {}
    # Written in memory, then saved: at most MAX_KEPT_REJECTS rows, and a bucket takes a
    # file whole.
    out = io.StringIO(newline="")
    kept = write_rejected(result, out)
    name = default_storage.save(
        f"{imports_folder(workspace)}/{secrets.token_urlsafe(16)}-rejected.csv",
        ContentFile(out.getvalue().encode(ENCODING)),
    )
    return {
        "rejected_file": name,
        "rejected_kept": kept,
        "rejected_capped": result.rejected > kept,
        "rejected_cap": MAX_KEPT_REJECTS,
    }
