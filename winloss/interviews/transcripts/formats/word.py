"""Word documents (.docx): the text of a Meet-style or Otter-style transcript, in paragraphs.

python-docx reads the paragraphs; which of the two text shapes they hold decides how they
are read, so a transcript saved as .docx reads as its text would.
"""

import io
import zipfile

from django.conf import settings

from winloss.lib.archives import ArchiveRefused, check_archive

from . import meet, otter
from .turns import TranscriptError, Turn


def looks_like(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and "word/document.xml" in _names(data)


def read(data: bytes) -> list[Turn]:
    if not looks_like(data):
        raise TranscriptError("it is not a Word (.docx) document")
    try:
        check_archive(io.BytesIO(data), max_unpacked=settings.DOCUMENT_MAX_UNPACKED_MB * 1024**2)
    except ArchiveRefused as error:
        raise TranscriptError(f"{error}; save it as text (.txt) and upload that") from None
    try:
        import docx  # here: every transcript reader is loaded with the interview pages

        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        # A damaged package fails deep inside python-docx or lxml with any of a dozen error
        # types; to the person uploading they all mean the same thing.
        raise TranscriptError(f"the Word document is damaged ({type(error).__name__})") from None
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    if otter.looks_like(text):
        return otter.read(text)
    if meet.looks_like(text):
        return meet.read(text)
    raise TranscriptError(
        "the Word document has no speaker lines: write each turn as 'Name: what they said', "
        "or as a line 'Name  0:03' followed by what they said"
    )


def _names(data: bytes) -> list[str]:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return []
