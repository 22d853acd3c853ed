"""The report's content document rendered as files: slides, Word, spreadsheet (and PDF).

Each renderer takes the frozen content dict and returns bytes; none looks anything up, so a
published version renders the same today as on the day it was published.

The renderers load on first use (``render_docx`` and the others are looked up here when asked
for): importing ``render.text`` for a page, or making a PDF, must not load python-docx,
python-pptx and openpyxl, a second or more of a command's start.
"""

from importlib import import_module

_MODULES = {"render_docx": "docx_doc", "render_pptx": "pptx_deck", "render_xlsx": "xlsx_book"}

__all__ = ["render_docx", "render_pptx", "render_xlsx"]


def __getattr__(name: str):
    if name in _MODULES:
        return getattr(import_module(f".{_MODULES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
