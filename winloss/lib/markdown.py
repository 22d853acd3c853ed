"""Markdown for what people write at length (analysts' memos), rendered safely.

CommonMark through markdown-it-py (docs/decisions/0010-markdown-with-markdown-it-py.md) with
raw HTML off: a ``<script>`` typed in a memo comes out as the text ``<script>``, so nothing a
person writes can run in a colleague's browser or in a report's PDF. Images are off too: an
image address would make every reader's browser (or WeasyPrint, making a PDF) fetch it from
wherever it points. Table columns are aligned by a class, not an inline style the CSP
would block. Links keep markdown-it's own check (no ``javascript:``, ``vbscript:``,
``file:`` or ``data:`` addresses) and open nothing with our page as their opener.

markdown-it loads on first use: start-up and the template tags stay light.
"""

from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def _parser() -> "MarkdownIt":
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")

    def link_open(renderer: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    md.core.ruler.push("aligned_by_class", _aligned_by_class)
    return md


def _aligned_by_class(state: Any) -> None:
    """A table column's alignment as a class (``align-right``), not a ``style`` attribute,
    which the Content-Security-Policy (no inline style) would block."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            align = str(token.attrs.pop("style")).removeprefix("text-align:")
            token.attrSet("class", f"align-{align}")


def render_markdown(text: str) -> SafeString:
    """``text`` as HTML, safe to put in a page as it is."""
    # Safe: with raw HTML off, markdown-it escapes everything typed.
    return mark_safe(_parser().render(text or ""))


def plain_text(text: str) -> str:
    """``text`` without its markup, for files that show plain text (Word, slides, sheets):
    paragraphs apart, list items one a line with their bullet or number, a table's cells of a
    row joined by " | "."""
    blocks: list[tuple[str, str]] = []  # (kind, words): a list's items, a table's rows together
    bullet, lists, started = "", 0, 0
    row: list[str] | None = None  # the cells of the table row being read
    for token in _parser().parse(text or ""):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            started += not lists  # two lists in a row are two lists
            lists += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif token.type == "list_item_open":
            bullet = f"{token.info}{token.markup} " if token.info else "• "
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(("row", " | ".join(row)))
            row = None
        elif token.type in ("fence", "code_block"):
            blocks.append(("block", token.content.rstrip("\n")))
        elif token.type == "inline":
            words = "".join(_words(child) for child in token.children or [])
            if row is not None:
                row.append(words)
            elif lists:  # a list item's text, or its next paragraph
                blocks.append((f"item {started}", (bullet or "  ") + words))
                bullet = ""
            else:
                blocks.append(("block", words))
    out = ""
    for n, (kind, words) in enumerate(blocks):
        together = n and kind != "block" and blocks[n - 1][0] == kind
        out += ("\n" if together else "\n\n" if n else "") + words
    return out


def _words(token: Any) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return token.content if token.type in ("text", "code_inline") else ""
