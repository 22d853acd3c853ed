"""The readout deck: the report's content as 16:9 slides on python-pptx's default template.

Slides hold only what a room can read: fixed, large font sizes, and lists cut to what fits
(the estimate below is deliberately cautious) with a pointer to the full report, rather than
text shrunk or cut mid-word. The Word document and the spreadsheet carry everything.
"""

import io
import math
import struct

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from . import text as t
from .charts import drivers_chart
from .office import finish

WIDTH, HEIGHT = 13.333, 7.5  # inches: 16:9
MARGIN = 0.6
TOP, BODY_HEIGHT = 1.45, 5.6  # the body, under the title
BODY_WIDTH = WIDTH - 2 * MARGIN
COLUMN = (BODY_WIDTH - 0.4) / 2
GREY = RGBColor(0x55, 0x55, 0x55)
QUOTES_PER_THEME = 3
TABLE_PT = 14

Line = tuple[str, int, str]  # text, point size, style: "" plain, "b" bold, "i" italic


def _lines_needed(text: str, width: float, size: int) -> int:
    """Wrapped lines for ``text`` in a box ``width`` inches wide (average glyph ≈ 0.55 em)."""
    per_line = max(1, int(width * 72 / (size * 0.55)))
    return max(1, math.ceil(len(text) / per_line))


def _room(height: float, size: int = 18) -> float:
    return height * 72 / (size * 1.25)


def _need(line: Line, width: float) -> float:
    """Height of a paragraph in 18 pt lines, with the space after it."""
    return _lines_needed(line[0], width, line[1]) * line[1] / 18 + 0.3


def fitting(lines: list[Line], width: float, height: float = BODY_HEIGHT) -> list[Line]:
    """The leading lines that fit the box, and, if some do not, a last line saying so."""
    kept, used = [], 0.0
    for line in lines:
        used += _need(line, width)
        if used > _room(height):
            break
        kept.append(line)
    if len(kept) < len(lines):
        more: Line = ("", 14, "")
        while kept and sum(_need(x, width) for x in kept) + _need(more, width) > _room(height):
            kept.pop()
        kept.append((f"{len(lines) - len(kept)} more in the full report.", 14, ""))
    return kept


def _place(shape, left: float, top: float, width: float, height: float) -> None:
    shape.left, shape.top = Inches(left), Inches(top)
    shape.width, shape.height = Inches(width), Inches(height)


def _font(paragraph, size: int, style: str = "") -> None:
    # On the runs, not the paragraph: some viewers ignore a paragraph's default run font.
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = style == "b"
        run.font.italic = style == "i"
        if size < 16:
            run.font.color.rgb = GREY


def new_slide(prs: PresentationType, title: str) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    # The default template lays its title boxes out for 4:3; stretch the title to 16:9.
    _place(slide.shapes.title, MARGIN, 0.35, BODY_WIDTH, 0.95)
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.word_wrap = True
    _font(slide.shapes.title.text_frame.paragraphs[0], 30)
    return slide


def write_lines(
    slide: Slide, lines: list[Line], left: float, width: float, top: float = TOP
) -> None:
    box = slide.shapes.add_textbox(*(Inches(x) for x in (left, top, width, BODY_HEIGHT)))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, (words, size, style) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = words
        _font(paragraph, size, style)
        paragraph.space_after = Pt(6)


def _table(slide: Slide, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
    """A table of the rows that fit under the title, each row as tall as its longest cell."""
    inches = [BODY_WIDTH * w / sum(widths) for w in widths]
    rows = [[t.shorten(v, 160) for v in row] for row in rows]  # one long cell can't fill a slide

    def row_height(row: list[str]) -> float:
        lines = max(_lines_needed(v, w - 0.2, TABLE_PT) for v, w in zip(row, inches, strict=True))
        return lines * TABLE_PT * 1.2 / 72 + 0.15

    heights = [row_height(header)]
    for row in rows:
        if sum(heights) + row_height(row) > BODY_HEIGHT - 0.6:  # leave room for "and N more"
            break
        heights.append(row_height(row))
    shown = rows[: len(heights) - 1]
    frame = slide.shapes.add_table(
        len(heights), len(header), *(Inches(x) for x in (MARGIN, TOP, BODY_WIDTH, sum(heights)))
    )
    for i, width in enumerate(inches):
        frame.table.columns[i].width = Inches(width)
    for r, values in enumerate([header, *shown]):
        frame.table.rows[r].height = Inches(heights[r])
        for c, value in enumerate(values):
            cell = frame.table.cell(r, c)
            cell.text = value
            _font(cell.text_frame.paragraphs[0], TABLE_PT, "b" if r == 0 else "")
    if len(rows) > len(shown):
        more = f"And {len(rows) - len(shown)} more in the full report."
        write_lines(slide, [(more, 14, "")], MARGIN, BODY_WIDTH, TOP + sum(heights) + 0.15)


def _none_yet(slide: Slide, what: str = t.NONE_YET) -> None:
    write_lines(slide, [(what, 20, "")], MARGIN, BODY_WIDTH)


def _title_slide(prs: PresentationType, content: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title, subtitle = slide.placeholders[0], slide.placeholders[1]
    _place(title, MARGIN, 2.2, BODY_WIDTH, 1.6)
    _place(subtitle, MARGIN, 4.0, BODY_WIDTH, 1.4)
    title.text = t.shorten(content.get("title") or "Win-loss report", 120)
    _font(title.text_frame.paragraphs[0], 40)
    parts = [(content.get("program") or {}).get("name"), content.get("workspace")]
    subtitle.text = " · ".join(p for p in parts if p)
    subtitle.text_frame.add_paragraph().text = f"Generated {t.moment(content.get('generated_at'))}"
    for paragraph in subtitle.text_frame.paragraphs:
        _font(paragraph, 20)


def _summary_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Summary")
    write_lines(slide, [(t.shorten(content["summary"], 900), 20, "")], MARGIN, BODY_WIDTH)


def _method_lines(method: dict) -> list[Line]:
    design = method.get("sample_design") or "No sample design recorded."
    lines: list[Line] = [("Method", 20, "b"), (t.shorten(design, 200), 16, "")]
    lines += [(t.response_text(r), 16, "") for r in method.get("response") or []]
    people = method.get("interviewers") or []
    if people:
        names = ", ".join(f"{p['name']} ({p['interviews']})" for p in people[:4])
        lines.append((f"Interviewers: {names}{' …' if len(people) > 4 else ''}", 16, ""))
    agreement = method.get("agreement") or {}
    if agreement.get("alpha") is not None:
        twice = f"{agreement['interviews']} interviews coded twice"
        lines.append((f"Coding agreement: α {agreement['alpha']:.2f} over {twice}", 16, ""))
    if method.get("codebook_text"):
        lines.append((t.shorten(method["codebook_text"], 200), 16, ""))
    # The slide names the memos cited; their words are in the Word document and the PDF.
    titles = "; ".join(m.get("title") or "" for m in method.get("memos") or [])
    if titles:
        lines.append((f"Memos cited: {t.shorten(titles, 160)}", 16, ""))
    return lines


def _scope_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Scope and method")
    facts: list[Line] = [
        (f"{label.strip()}: {'—' if v is None else t.shorten(str(v), 120)}", 16, "")
        for label, v in t.scope_facts(content)
    ]
    write_lines(slide, fitting([("Scope", 20, "b"), *facts], COLUMN), MARGIN, COLUMN)
    method = content.get("methodology") or {}
    limits: list[Line] = [
        (f"• {t.shorten(x, 200)}", 14, "") for x in method.get("limitations") or []
    ]
    lines = fitting([*_method_lines(method), ("Limitations", 16, "b"), *limits], COLUMN)
    write_lines(slide, lines, MARGIN + COLUMN + 0.4, COLUMN)


def _drivers_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Top win and loss themes")
    png = drivers_chart(content, fmt="png")
    w, h = struct.unpack(">II", png[16:24])  # the PNG's IHDR chunk: width, height in pixels
    scale = min(Inches(BODY_WIDTH) / w, Inches(BODY_HEIGHT) / h)
    width, height = Emu(int(w * scale)), Emu(int(h * scale))
    left = Emu((Inches(WIDTH) - width) // 2)
    slide.shapes.add_picture(io.BytesIO(png), left, Inches(TOP), width, height)


def _quote_lines(quotes: list[dict], width: float) -> list[Line]:
    """Whole quotes, as many as fit (up to three); only a lone quote too long for the slide
    is shortened, at a word, and says so."""
    room, lines = _room(BODY_HEIGHT), []
    for quote in quotes[:QUOTES_PER_THEME]:
        need = _lines_needed(quote["text"], width, 18) + 1.5
        if need <= room:
            lines += [(f"“{quote['text']}”", 18, ""), (f"— {quote.get('source', '')}", 14, "i")]
            room -= need
    if quotes and not lines:
        words = t.shorten(quotes[0]["text"], int((room - 2.5) * width * 72 / (18 * 0.55)))
        source = f"— {quotes[0].get('source', '')} (shortened; in full in the report)"
        lines = [(f"“{words}”", 18, ""), (source, 14, "i")]
    return lines


def _theme_slide(prs: PresentationType, content: dict, theme: dict) -> None:
    side = "Win" if theme.get("direction") == "win_driver" else "Loss"
    slide = new_slide(prs, f"{side} theme: {theme.get('name') or theme.get('theme')}")
    among = theme.get("among") or theme
    figure: list[Line] = [
        (t.percent(among.get("share")), 54, "b"),
        (f"of the {among.get('base') or 'deals'}", 18, ""),
        (t.ci_text(among), 14, ""),
        (f"Of all deals analysed: {t.share_text(theme)}", 16, ""),
    ]
    write_lines(slide, fitting(figure, 3.6), MARGIN, 3.6)
    quotes = _quote_lines(t.quotes_for(content, theme), BODY_WIDTH - 4.0)
    write_lines(
        slide,
        quotes or [("No quotes chosen for this theme yet.", 16, "")],
        MARGIN + 4.0,
        BODY_WIDTH - 4.0,
    )


def _competitors_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Competitors")
    rows = t.competitor_rows(content, limit=2)
    if not rows:
        return _none_yet(slide)
    _table(slide, t.COMPETITOR_HEADER, rows, [1.8, 0.9, 0.9, 2.6, 2.0, 3.0])


def _gap_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Perception gap")
    gap = content.get("perception_gap") or {}
    agreement = gap.get("agreement")
    if not agreement or not agreement.get("n"):
        return _none_yet(slide, "No rep debriefs to compare with buyers yet.")
    same = t.percent(agreement.get("share"))
    lines: list[Line] = [
        (f"Reps and buyers named the same main reason in {same} of deals", 20, "b"),
        (t.ci_text(agreement), 14, ""),
        ("Where they differ most", 18, "b"),
    ]
    lines += [(f"• {m['text']} ({m['count']})", 16, "") for m in (gap.get("mismatches") or [])[:5]]
    write_lines(slide, fitting(lines, COLUMN), MARGIN, COLUMN)
    teams = [(f"{k}: {t.share_text(v)}", 16, "") for k, v in (gap.get("by_team") or {}).items()]
    if teams:
        lines = fitting([("Agreement by team", 18, "b"), *teams], COLUMN)
        write_lines(slide, lines, MARGIN + COLUMN + 0.4, COLUMN)


def _actions_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Actions")
    rows = [
        [
            a.get("title") or "—",
            a.get("owner") or "—",
            t.day(a.get("due")),
            a.get("status") or "—",
            t.finding(a),
        ]
        for a in content.get("actions") or []
    ]
    if not rows:
        return _none_yet(slide)
    _table(slide, ["Action", "Owner", "Due", "Status", "Finding"], rows, [4.5, 2, 1.5, 1.5, 2.5])


def _survey_slide(prs: PresentationType, content: dict) -> None:
    slide = new_slide(prs, "Buyer survey")
    rows = t.survey_factor_rows(content)
    if not rows:
        return _none_yet(slide, t.NO_SURVEY)
    _table(slide, t.SURVEY_FACTOR_HEADER, rows, [2.4, 1.6, 1.8, 1.8, 1.8, 1.8])


def _since_slide(prs: PresentationType, since: dict) -> None:
    slide = new_slide(prs, "What we changed since last time")
    rows = [
        [a.get("title", ""), a.get("status", ""), t.shorten(a.get("what_changed") or "—", 200)]
        for a in since["actions"]
    ]
    _table(
        slide,
        ["Action", "Status", f"What changed since {since.get('wave') or 'last time'}"],
        rows,
        [4, 1.5, 6.5],
    )


def render_pptx(content: dict) -> bytes:
    """The readout deck for ``content`` (the report's content document) as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(WIDTH), Inches(HEIGHT)
    _title_slide(prs, content)
    if content.get("summary"):
        _summary_slide(prs, content)
    _scope_slide(prs, content)
    _drivers_slide(prs, content)
    for theme in t.top_themes(content):
        _theme_slide(prs, content, theme)
    _competitors_slide(prs, content)
    _gap_slide(prs, content)
    _survey_slide(prs, content)
    _actions_slide(prs, content)
    since = content.get("since_last_time") or {}
    if since.get("actions"):
        _since_slide(prs, since)

    return finish(prs, content)
