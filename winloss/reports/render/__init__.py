"""The report's content document rendered as files: slides, Word, spreadsheet (and PDF).

Each renderer takes the frozen content dict and returns bytes; none looks anything up, so a
published version renders the same today as on the day it was published.
"""

from .docx_doc import render_docx
from .pptx_deck import render_pptx
from .xlsx_book import render_xlsx

__all__ = ["render_docx", "render_pptx", "render_xlsx"]
