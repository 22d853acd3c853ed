"""Cells for files people open in a spreadsheet (CSV and XLSX exports).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula; a value typed into a CRM can therefore run on the machine of whoever opens our
export ("CSV injection"). Spreadsheets skip leading blanks (spaces, tabs, line breaks) before
looking, and some read the full-width forms (``＝``, ``＋``, ``－``, ``＠``) as the ASCII ones,
so those starts count too. A leading apostrophe makes the spreadsheet show the text as text.

Every export writes its text cells through ``safe_cell``; nothing else decides this.
"""

import unicodedata
from typing import Any

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
