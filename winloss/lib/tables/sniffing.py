"""Telling what a file is before reading it: its kind, text encoding and separator.

Encoding: a byte-order mark decides (UTF-8, UTF-16 as Excel's "Unicode text" writes it,
UTF-32); without one the whole file must decode as strict UTF-8, else as cp1252 (Excel's
"CSV" on Windows). Plain decoding settles every case this module meets, so no statistical
detector (charset-normalizer) is used: a file that is neither is refused with a message
saying how to save it, rather than read with a guessed encoding that garbles names.

Separator: ``csv.Sniffer`` over the first 64 KB, limited to ``, ; tab |``, checked against the
first rows, with a count-based fallback when the sniffer gives up or picks badly.
"""

import codecs
import csv
import io
import zipfile
from contextlib import suppress
from typing import IO

from winloss.lib.errors import ImportFailed

DELIMITERS = ",;\t|"


def not_tabular(head: bytes, handle: IO[bytes]) -> str:
    """What the file is when it is not text or .xlsx ("" for text, "xlsx" for a workbook)."""
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(handle).namelist()
        except zipfile.BadZipFile:
            return "a damaged ZIP archive"
        finally:
            handle.seek(0)
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "a Word document" if "word/document.xml" in names else "a ZIP archive"
    signatures = {
        b"\xd0\xcf\x11\xe0": "an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV; it",
        b"%PDF": "a PDF document",
        b"\x89PNG": "an image",
        b"\xff\xd8\xff": "an image",
        b"GIF8": "an image",
        b"\x1f\x8b": "a compressed (gzip) file",
    }
    for signature, what in signatures.items():
        if head.startswith(signature):
            return what
    return ""


def encoding_of(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # UTF-16 without a mark: every other byte of Latin text is NUL.
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if odd > len(head) * 0.3:
            return "utf-16-le"
        if even > len(head) * 0.3:
            return "utf-16-be"
        raise ImportFailed(
            "This file holds binary data, not text. Upload a CSV, TSV or .xlsx export of deals."
        )
    return "utf-8"


def decodes(handle: IO[bytes], encoding: str) -> tuple[bool, int]:
    """Whether the whole file decodes strictly, and how many line breaks it has."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines = 0
    handle.seek(0)
    try:
        while chunk := handle.read(1024 * 1024):
            lines += decoder.decode(chunk).count("\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, 0
    finally:
        handle.seek(0)
    return True, lines


def delimiter_of(sample: str) -> str:
    candidates = []
    with suppress(csv.Error):
        candidates.append(csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter)
    candidates += [d for d in DELIMITERS if d not in candidates]
    best, best_score = "", (0, 0)
    for delimiter in candidates:
        try:
            rows = list(csv.reader(io.StringIO(sample), delimiter=delimiter))[:50]
        except csv.Error:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        width = max(len(r) for r in rows[:5])
        consistent = sum(1 for r in rows if len(r) == width)
        score = (width > 1 and consistent * 2 >= len(rows), width)
        if score > best_score:
            best, best_score = delimiter, score
        if delimiter == candidates[0] and score[0] and width > 1:
            return delimiter  # the sniffer's choice holds up: trust it
    if best_score[1] < 2:
        raise ImportFailed(
            "No columns were found: the first lines have no comma, semicolon, tab or | between "
            "values. Upload a CSV, TSV or .xlsx export of deals."
        )
    return best
