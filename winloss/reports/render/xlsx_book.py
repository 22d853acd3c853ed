"""The report's figures as a workbook an analyst can sort, filter and recount.

Counts and shares stay numbers (shares formatted as percents) so a reader can check any
figure against the coded excerpts on the last sheet. Every text cell goes through
``safe_cell``: theme names, competitor names and quotes come from people and CRMs, and a
cell starting with "=" would otherwise run as a formula on the reader's machine.

The workbook is written in openpyxl's write-only mode, row by row, because the excerpts
sheet may hold 250,000 rows and the ordinary mode keeps every cell in memory.
"""

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from winloss.lib.spreadsheets import safe_cell

from . import text as t

EXCEL_CELL_LIMIT = 32_767  # characters; Excel refuses to open a file with a longer cell
FIGURE = ("k", "n", "share", "low", "high")
# k of n interviews; the share with its Wilson 95% interval.
FIGURE_HEADERS = ("Mentioned in", "Interviews", "Share", "95% CI low", "95% CI high")
EXCERPT_COLUMNS = (
    ("Interview", "interview", 10),
    ("Deal", "deal", 14),
    ("Outcome", "outcome", 18),
    ("Theme", "theme", 18),
    ("Theme name", "theme_name", 28),
    ("Direction", "direction", 12),
    ("Competitor", "competitor", 18),
    ("Text", "text", 80),
    ("What it is", "kind", 30),  # the buyer's words, or an interviewer's fact or reading
    ("Source", "source", 28),
)


class Share(float):
    """A share (0–1), written with the percent number format."""


def _cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, str):  # first: most cells of the excerpts sheet are text
        text = ILLEGAL_CHARACTERS_RE.sub("", safe_cell(value))  # control characters break XML
        return text[:EXCEL_CELL_LIMIT]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Share):
        cell = WriteOnlyCell(ws, value=float(value))
        cell.number_format = "0%"
        return cell
    if value is None or isinstance(value, int | float | date):
        return value
    return _cell(ws, str(value))  # anything else is shown as its text, made safe


def _row(ws: WriteOnlyWorksheet, values: Iterable[Any]) -> None:
    ws.append([_cell(ws, v) for v in values])


def _header(ws: WriteOnlyWorksheet, values: Iterable[str]) -> None:
    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value=safe_cell(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def _sheet(book: Workbook, title: str, widths: Iterable[int] = (), freeze: bool = True):
    ws = book.create_sheet(title)
    # Column widths and frozen panes must be set before the first row in write-only mode.
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    if freeze:
        ws.freeze_panes = "A2"
    return ws


def _figure(fig: dict | None) -> list[Any]:
    """k, n, share, low, high of one figure; a share of no interviews stays empty, not 0%."""
    fig = fig or {}
    return [
        fig.get(key) if key in ("k", "n") or fig.get(key) is None else Share(fig[key])
        for key in FIGURE
    ]


def _report(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Report", (28, 90), freeze=False)
    program = content.get("program") or {}
    for label, value in (
        ("Title", content.get("title")),
        ("Program", program.get("name")),
        ("Program id", program.get("id")),
        ("Workspace", content.get("workspace")),
        ("Generated at", t.moment(content.get("generated_at"))),
        ("Summary", content.get("summary") or ""),
    ):
        _row(ws, [label, value])
    ws.append([])
    _header(ws, ["Scope", ""])
    for label, value in t.scope_facts(content):
        _row(ws, [label.strip(), value])
    method = content.get("methodology") or {}
    ws.append([])
    _header(ws, ["Response", "Approached", "Interviewed", "Declined", "No answer", "Response rate"])
    for r in method.get("response") or []:
        rate = None if r.get("rate") is None else Share(r["rate"])
        counts = [r.get(k) for k in ("approached", "interviewed", "declined", "no_answer")]
        _row(ws, [r.get("outcome"), *counts, rate])
    if method.get("codebook_text"):
        ws.append([])
        _header(ws, ["Codebook"])
        _row(ws, [method["codebook_text"]])
    ws.append([])
    _header(ws, ["Limitations"])
    for limitation in method.get("limitations") or []:
        _row(ws, [limitation])
    if method.get("further_limitations"):
        _row(ws, [method["further_limitations"]])
    memos = method.get("memos") or []
    if memos:
        ws.append([])
        _header(ws, ["Analysts' memos", "About", "Author", "Last saved", "Text"])
    for memo in memos:
        about, author, saved = memo.get("about"), memo.get("author"), t.day(memo.get("saved_at"))
        _row(ws, [memo.get("title"), about, author, saved, memo.get("text")])


def _drivers(book: Workbook, content: dict) -> None:
    drivers = content.get("drivers") or []
    outcomes = list(dict.fromkeys(o for d in drivers for o in d.get("by_outcome") or {}))
    ws = _sheet(book, "Drivers", (30, 22, 12, 8, 8, 10, 10, 10))
    by_outcome = [f"{t.outcome_label(o)}: {h}" for o in outcomes for h in FIGURE_HEADERS]
    among = ["Base", *(f"In the base: {h}" for h in FIGURE_HEADERS), "In the base: reads"]
    _header(ws, ["Theme", "Theme code", "Direction", *among, *FIGURE_HEADERS, *by_outcome])
    for d in drivers:
        cells = [c for o in outcomes for c in _figure((d.get("by_outcome") or {}).get(o))]
        head = [d.get("name"), d.get("theme"), t.direction_label(d.get("direction"))]
        base = d.get("among") or {}
        in_base = [base.get("base"), *_figure(base), t.share_text(base)]
        _row(ws, [*head, *in_base, *_figure(d), *cells])


def _cuts(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Cuts", (16, 22, 30, 12))
    names = content.get("theme_names") or {}
    rest = [f"Elsewhere: {h}" for h in FIGURE_HEADERS]
    tail = ["Too few to tell", "p-value", "Adjusted p", "Flagged"]
    head = ["Cut", "Segment", "Theme", "Direction", "Compared among"]
    _header(ws, [*head, *FIGURE_HEADERS, *rest, *tail])
    for cut in (content.get("cuts") or {}).values():
        for c in cut.get("cells") or []:
            head = [cut.get("label"), c.get("value"), names.get(c.get("theme"), c.get("theme"))]
            head += [t.direction_label(c.get("direction")), c.get("base", "")]
            tests = [c.get("too_small"), c.get("p_value"), c.get("adjusted_p"), c.get("flagged")]
            _row(ws, [*head, *_figure(c.get("cell")), *_figure(c.get("rest")), *tests])


def _competitors(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Competitors", (24, 10, 10, 40, 30, 60))
    _header(ws, t.COMPETITOR_HEADER)
    for row in t.competitor_rows(content, limit=99):
        _row(ws, [row[0], int(row[1]), int(row[2]), *row[3:]])


def _gap(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Perception gap", (60, 10, 10, 10, 10, 10), freeze=False)
    gap = content.get("perception_gap") or {}
    _header(ws, ["Same main reason (reps and buyers)", *FIGURE_HEADERS])
    _row(ws, ["All debriefed deals", *_figure(gap.get("agreement"))])
    for key, label in (("by_team", "Team"), ("by_rep", "Rep")):
        ws.append([])
        _header(ws, [label, *FIGURE_HEADERS])
        for name, fig in (gap.get(key) or {}).items():
            _row(ws, [name, *_figure(fig)])
    ws.append([])
    _header(ws, ["Difference", "Deals"])
    for m in gap.get("mismatches") or []:
        _row(ws, [m.get("text"), m.get("count")])
    confusion = gap.get("confusion") or {}
    names = content.get("theme_names") or {}
    buyers = sorted({b for said in confusion.values() for b in said})
    ws.append([])
    _header(ws, ["Rep said \\ buyer said", *(names.get(b, b) for b in buyers)])
    for rep, said in confusion.items():
        _row(ws, [names.get(rep, rep), *(said.get(b, 0) for b in buyers)])


def _survey(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Buyer survey", (30, 22, 24, 24, 24, 24), freeze=False)
    _row(ws, [t.survey_text(content) or t.NO_SURVEY])
    for header, rows in t.survey_tables(content):
        ws.append([])
        _header(ws, header)
        for row in rows:
            _row(ws, row)


def _due(value: str | None) -> date | str | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return value


def _actions(book: Workbook, content: dict) -> None:
    ws = _sheet(book, "Actions", (24, 50, 20, 12, 14, 24, 28, 60))
    _header(
        ws,
        ["Wave", "Action", "Owner", "Due", "Status", "Expected change", "Finding", "What changed"],
    )
    since = content.get("since_last_time") or {}
    waves = [
        ("This wave", content.get("actions")),
        (since.get("wave") or "Previous wave", since.get("actions")),
    ]
    for wave, actions in waves:
        for a in actions or []:
            _row(
                ws,
                [
                    wave,
                    a.get("title"),
                    a.get("owner"),
                    _due(a.get("due")),
                    a.get("status"),
                    a.get("expected_change"),
                    t.finding(a),
                    a.get("what_changed"),
                ],
            )


def _excerpts(book: Workbook, excerpts: Iterable[dict]) -> None:
    ws = _sheet(book, "Coded excerpts", [width for _, _, width in EXCERPT_COLUMNS])
    _header(ws, [title for title, _, _ in EXCERPT_COLUMNS])
    ws.auto_filter.ref = f"A1:{chr(ord('A') + len(EXCERPT_COLUMNS) - 1)}1"
    label = {"outcome": t.outcome_label, "direction": t.direction_label}
    for excerpt in excerpts:
        values = []
        for _, key, _ in EXCERPT_COLUMNS:
            value = excerpt.get(key)
            values.append(label[key](value) if key in label and value else value)
        _row(ws, values)


def render_xlsx(content: dict, excerpts: Iterable[dict]) -> bytes:
    """The workbook for ``content``, with ``excerpts`` (already anonymised by the caller:
    dicts with the keys in ``EXCERPT_COLUMNS``) streamed onto the last sheet."""
    book = Workbook(write_only=True)
    for sheet in (_report, _drivers, _cuts, _competitors, _gap, _survey, _actions):
        sheet(book, content)
    _excerpts(book, excerpts)
    book.properties.title = safe_cell(content.get("title"))
    book.properties.creator = "winloss"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
