"""Cells for files people open in a spreadsheet (CSV and XLSX exports).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, and a leading tab or carriage return hides such a start from a quick look; a
value typed into a CRM can therefore run on the machine of whoever opens our export ("CSV
injection"). A leading apostrophe makes the spreadsheet show the text as text.
"""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """``value`` as text a spreadsheet shows and never runs (``None`` is an empty cell)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
