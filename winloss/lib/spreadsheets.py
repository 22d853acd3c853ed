"""Cells for files people open in a spreadsheet (CSV and XLSX exports).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula; a value typed into a CRM can therefore run on the machine of whoever opens our
export ("CSV injection"). Spreadsheets skip leading blanks (spaces, tabs, line breaks) before
looking, and some read the full-width forms (``＝``, ``＋``, ``－``, ``＠``) as the ASCII ones,
so those starts count too. A leading apostrophe makes the spreadsheet show the text as text.

Every export writes its text cells through ``safe_cell``; nothing else decides this.
"""

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable
from typing import Any

from winloss.lib.xlsx import table_xlsx

FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    start = text.lstrip()[:1]
    # NFKC folds the full-width and small forms (＝, ﹦, ＋, －, ＠) into the ASCII ones.
    return bool(start) and unicodedata.normalize("NFKC", start).startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> str:
    """``value`` as text a spreadsheet shows and never runs (``None`` is an empty cell)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if looks_like_formula(text) else text


CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return safe_cell(value) if isinstance(value, str) or value is None else value


def table_bytes(fmt: str, columns: list[str], rows: Iterable[list[Any]], *, sheet: str) -> bytes:
    """A small table (a few thousand rows at most: it is built in memory) as ``csv`` or
    ``xlsx``: text through ``safe_cell``, numbers as numbers, dates and times typed in the
    workbook (ISO text in the CSV). The XLSX is written by ``lib.xlsx``, as every export's."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        return buffer.getvalue().encode()
    if fmt != "xlsx":
        raise ValueError(f"{fmt} is not a table format (csv or xlsx)")
    return table_xlsx(columns, ([_xlsx_value(v) for v in row] for row in rows), sheet=sheet)


def _xlsx_value(value: Any) -> Any:
    return safe_cell(value) if isinstance(value, str) else value
