"""One sheet of typed rows as an XLSX file: the writer behind every table export.

A minimal Office Open XML package (a workbook, one sheet, the styles for two date formats),
written here rather than through XlsxWriter because a table export is one shape, and building
a cell object per value cost four fifths of an export's time
(docs/decisions/0013-xlsx-table-exports-written-directly.md). The rows stream into the
compressed sheet as they come, so memory holds the compressed file, never the sheet's XML.

What a spreadsheet needs from each cell, as XlsxWriter writes it: text as an inline string
(never read as a number, formula or link), XML-escaped, control characters as ``_xHHHH_``
(and a literal ``_xHHHH_`` escaped in turn), cut at Excel's 32,767 characters; numbers as
numbers; booleans as booleans; dates and times as serial numbers with a date format (a time
zone dropped); ``None`` and empty text a blank cell.
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

EXCEL_CELL_LIMIT = 32_767  # characters; Excel refuses to open a file with a longer cell
EXCEL_ROW_LIMIT = 1_048_576
# Excel's day 0 in its 1900 date system (for dates after 1900-03-01, as XlsxWriter counts).
_EPOCH = dt.datetime(1899, 12, 30)
_ROWS_A_PIECE = 500  # rows joined into one piece of XML before it is compressed

_ESCAPED = re.compile(r"_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_NEEDS_WORK = re.compile("[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _text(value: str) -> str:
    """``value`` as the XML of an inline string's text."""
    if len(value) > EXCEL_CELL_LIMIT:
        value = value[:EXCEL_CELL_LIMIT]
    if _NEEDS_WORK.search(value):
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        value = _ESCAPED.sub(lambda m: "_x005F" + m.group(0), value)
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return value


def _serial(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - _EPOCH
    else:
        delta = dt.datetime(value.year, value.month, value.day) - _EPOCH
    return repr(delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000)


def _row_xml(number: int, row: Iterable[Any], refs: list[str]) -> str:
    cells = []
    for ref, value in zip(refs, row, strict=False):
        kind = type(value)
        if kind is str:
            if value:
                cells.append(
                    f'<c r="{ref}{number}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"
                )
        elif value is None:
            continue
        elif kind is bool:
            cells.append(f'<c r="{ref}{number}" t="b"><v>{int(value)}</v></c>')
        elif kind is int or kind is float or kind is Decimal:
            cells.append(f'<c r="{ref}{number}"><v>{value}</v></c>')
        elif kind is dt.datetime or isinstance(value, dt.datetime):
            cells.append(f'<c r="{ref}{number}" s="2"><v>{_serial(value)}</v></c>')
        elif isinstance(value, dt.date):
            cells.append(f'<c r="{ref}{number}" s="1"><v>{_serial(value)}</v></c>')
        elif isinstance(value, int | float | Decimal):
            cells.append(f'<c r="{ref}{number}"><v>{value}</v></c>')
        else:
            text = str(value)
            if text:
                cells.append(
                    f'<c r="{ref}{number}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(text)}</t></is></c>"
                )
    return f'<row r="{number}">{"".join(cells)}</row>'


def _escape_attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def table_xlsx(
    columns: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    sheet: str,
    moment_format: str = "yyyy-mm-dd h:mm",
) -> bytes:
    """The header and ``rows`` as one sheet named ``sheet`` (cut to Excel's 31 characters).
    Text is written as it comes: make it safe (``spreadsheets.safe_cell``) before."""
    refs = [_letters(index) for index in range(max(len(columns), 1) + 64)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, text in _PARTS.items():
            package.writestr(name, text)
        package.writestr("xl/workbook.xml", _WORKBOOK.format(sheet=_escape_attribute(sheet[:31])))
        package.writestr("xl/styles.xml", _STYLES.format(moment=_escape_attribute(moment_format)))
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_SHEET_START)
            part.write(_row_xml(1, columns, refs).encode())
            piece: list[str] = []
            for number, row in enumerate(rows, start=2):
                if number > EXCEL_ROW_LIMIT:
                    raise ValueError(f"more than {EXCEL_ROW_LIMIT:,} rows for one sheet")
                piece.append(_row_xml(number, row, refs))
                if len(piece) >= _ROWS_A_PIECE:
                    part.write("".join(piece).encode())
                    piece = []
            part.write("".join(piece).encode())
            part.write(b"</sheetData></worksheet>")
    return out.getvalue()


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
}
_WORKBOOK = (
    _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="{moment}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_START = (_XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetData>').encode()
