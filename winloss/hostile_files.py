"""Hostile files made on demand, for the tests that check they are refused.

Each is a valid ZIP whose one large member is repeated XML: a few hundred kilobytes on disk
that unpack to tens or hundreds of megabytes. Written in slices, so making one never holds
the unpacked text in memory.
"""

import io
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_SLICE = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _bomb(names: dict[str, str], big: str, head: str, repeated: str, tail: str, mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in names.items():
            archive.writestr(name, text)
        with archive.open(big, "w", force_zip64=True) as member:
            member.write(head.encode())
            chunk = (repeated * (_SLICE // len(repeated) + 1))[:_SLICE].encode()
            for _ in range(mb):
                member.write(chunk)
            member.write(tail.encode())
    return out.getvalue()


def docx_bomb(mb: int = 50) -> bytes:
    """A .docx whose document unpacks to ``mb`` megabytes of speaker lines."""
    return _bomb(
        {"[Content_Types].xml": _CONTENT_TYPES},
        "word/document.xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>",
        "<w:p><w:r><w:t>Bo Buyer: again and again</w:t></w:r></w:p>",
        "</w:body></w:document>",
        mb,
    )


def xlsx_bomb(mb: int = 200) -> bytes:
    """An .xlsx whose first sheet unpacks to ``mb`` megabytes of rows."""
    return _bomb(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            "</sheets></workbook>",
        },
        "xl/worksheets/sheet1.xml",
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        '<row><c t="inlineStr"><is><t>Acme renewal</t></is></c></row>',
        "</sheetData></worksheet>",
        mb,
    )


@contextmanager
def peak_memory() -> Iterator[Callable[[], int]]:
    """The most bytes Python held at once inside the block (tracemalloc), read after it: shows
    a file was refused without being unpacked, where a clock on a shared machine cannot."""
    peak = [0]
    tracemalloc.start()
    try:
        yield lambda: peak[0]
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
