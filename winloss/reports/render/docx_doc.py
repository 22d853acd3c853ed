"""The full report as a Word document: the SOP's sections as headings, in the order the
version froze them, then competitors, the perception gap and what changed since last time.

Unlike the deck nothing is left out here: every figure, limitation and quote the content
holds is written, so this is the document a reader checks the slides against.
"""

import io
from collections.abc import Callable, Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches

from . import text as t
from .charts import DRIVERS_TITLE, drivers_chart
from .office import finish

TABLE_STYLE = "Light List Accent 1"


def _table(
    doc: DocumentType,
    header: list[str],
    rows: Sequence[Sequence[object]],
    empty: str = t.NONE_YET,
) -> None:
    """A table of ``rows`` under ``header``; with no rows, the sentence ``empty`` instead."""
    if not rows:
        doc.add_paragraph(empty)
        return
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = label
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "—" if value is None else str(value)
    doc.add_paragraph()  # Word runs adjacent tables together without a paragraph between


def _none_yet(doc: DocumentType, what: str = t.NONE_YET) -> None:
    doc.add_paragraph(what)


def _nothing(doc: DocumentType, content: dict) -> None:
    _none_yet(doc, "Not in this version of the report.")


def _paragraphs(doc: DocumentType, text: str) -> None:
    for part in text.split("\n\n"):
        if part.strip():
            doc.add_paragraph(part.strip())


def _scope(doc: DocumentType, content: dict) -> None:
    facts = t.scope_facts(content)
    _paragraphs(doc, str(facts[0][1]))  # the objective reads as prose, not a table cell
    _table(doc, ["", "Value"], [[label, value] for label, value in facts[1:]])


def _methodology(doc: DocumentType, content: dict) -> None:
    method = content.get("methodology") or {}
    _paragraphs(doc, method.get("sample_design") or "No sample design recorded.")
    doc.add_heading("Response", 2)
    rows = [
        [
            r.get("outcome"),
            r.get("approached"),
            r.get("interviewed"),
            r.get("declined"),
            r.get("no_answer"),
            t.percent(r.get("rate")),
        ]
        for r in method.get("response") or []
    ]
    header = ["Outcome", "Approached", "Interviewed", "Declined", "No answer", "Response rate"]
    _table(doc, header, rows)
    doc.add_heading("Coverage of the closed deals", 2)
    rows = [
        [c.get("dimension"), t.pvalue(c.get("p_value")), "Yes" if c.get("by_design") else "No"]
        for c in method.get("coverage") or []
    ]
    header = ["Dimension", "p-value (interviews vs. closed deals)", "Stratified by design"]
    _table(doc, header, rows)
    doc.add_heading("Interviewers", 2)
    rows = [[p.get("name"), p.get("interviews")] for p in method.get("interviewers") or []]
    _table(doc, ["Interviewer", "Interviews"], rows)
    doc.add_heading("Coding agreement", 2)
    if method.get("codebook_text"):
        doc.add_paragraph(method["codebook_text"])
    agreement = method.get("agreement") or {}
    if agreement.get("alpha") is None:
        _none_yet(doc, "Not measured: no interview was coded twice.")
    else:
        doc.add_paragraph(
            f"Krippendorff's α {agreement['alpha']:.2f} over {agreement.get('interviews')} "
            "interviews coded twice."
        )
        names = content.get("theme_names") or {}
        kappas = (agreement.get("kappas") or {}).items()
        rows = [[names.get(s, s), "—" if k is None else f"{k:.2f}"] for s, k in kappas]
        if rows:
            _table(doc, ["Theme", "Cohen's κ"], rows)
    doc.add_heading("Limitations", 2)
    limitations = method.get("limitations") or []
    for limitation in limitations:
        doc.add_paragraph(limitation, style="List Bullet")
    if method.get("further_limitations"):
        _paragraphs(doc, method["further_limitations"])
    elif not limitations:
        _none_yet(doc, "None recorded.")
    memos = method.get("memos") or []
    if memos:
        doc.add_heading("Analysts' memos", 2)
    for memo in memos:
        doc.add_heading(memo.get("title") or "Memo", 3)
        doc.add_paragraph(t.memo_byline(memo), style="Caption")
        _paragraphs(doc, t.memo_text(memo))


def _themes(doc: DocumentType, content: dict, direction: str) -> None:
    themes = content.get("win_themes" if direction == "win_driver" else "loss_themes") or []
    if direction == "win_driver":  # one chart for both lists, where the reader meets it first
        doc.add_picture(io.BytesIO(drivers_chart(content, fmt="png")), width=Inches(6.0))
        doc.add_paragraph(DRIVERS_TITLE, style="Caption")
    if not themes:
        return _none_yet(doc, t.held_back(content, direction) or t.NONE_YET)
    base = (themes[0].get("among") or {}).get("base") or "deals it can explain"
    header = ["Theme", f"Share of the {base} citing it", "Share of all deals analysed"]
    rows = [[theme.get("name"), t.share_text(theme.get("among")), t.share_text(theme)]
            for theme in themes]  # fmt: skip
    _table(doc, header, rows)
    names = content.get("theme_names") or {}
    flagged = [
        [
            cut.get("label"),
            c.get("value"),
            names.get(c.get("theme"), c.get("theme")),
            t.share_text(c.get("cell")),
            t.share_text(c.get("rest")),
            t.pvalue(c.get("adjusted_p")),
        ]
        for cut in (content.get("cuts") or {}).values()
        for c in cut.get("cells") or []
        if c.get("flagged") and c.get("direction") == direction
    ]
    if flagged:
        doc.add_heading("Where segments differ", 2)
        header = ["Cut", "Segment", "Theme", "In the segment", "Elsewhere", "Adjusted p"]
        doc.add_paragraph(
            "Each share is taken among the won deals for a win theme and among the deals not "
            "won for a loss theme (among interviews for a voice cut), so the outcome mix "
            "cannot make a difference by itself."
        )
        _table(doc, header, flagged)


def _quotes(doc: DocumentType, content: dict) -> None:
    groups = t.quote_groups(content)
    if not groups:
        return _none_yet(doc)
    for heading, quotes in groups:
        doc.add_heading(heading, 2)
        for quote, times in quotes:
            doc.add_paragraph(f"“{quote['text']}”", style="Quote")
            about = f" (about {quote['competitor']})" if quote.get("competitor") else ""
            often = f", in {times} interviews" if times > 1 else ""
            source = doc.add_paragraph(f"— {quote.get('source') or ''}{about}{often}")
            source.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _actions(doc: DocumentType, content: dict) -> None:
    rows = [
        [
            a.get("title"),
            a.get("owner"),
            t.day(a.get("due")),
            a.get("status"),
            a.get("expected_change"),
            t.finding(a),
        ]
        for a in content.get("actions") or []
    ]
    header = ["Action", "Owner", "Due", "Status", "Expected change", "Finding"]
    _table(doc, header, rows)


def _competitors(doc: DocumentType, content: dict) -> None:
    _table(doc, t.COMPETITOR_HEADER, t.competitor_rows(content))


def _gap(doc: DocumentType, content: dict) -> None:
    gap = content.get("perception_gap") or {}
    agreement = gap.get("agreement")
    if not agreement or not agreement.get("n"):
        return _none_yet(doc, "No rep debriefs to compare with buyers yet.")
    doc.add_paragraph(
        f"Reps and buyers named the same main reason in {t.share_text(agreement)} of deals."
    )
    mismatches = [[m.get("text"), m.get("count")] for m in gap.get("mismatches") or []]
    if mismatches:
        doc.add_heading("Where reps and buyers differ", 2)
        _table(doc, ["Difference", "Deals"], mismatches)
    for key, heading, column in (("by_team", "By team", "Team"), ("by_rep", "By rep", "Rep")):
        rows = [[name, t.share_text(fig)] for name, fig in (gap.get(key) or {}).items()]
        if rows:
            doc.add_heading(heading, 2)
            _table(doc, [column, "Same main reason"], rows)
    confusion = gap.get("confusion") or {}
    if confusion:
        names = content.get("theme_names") or {}
        buyers = sorted({b for said in confusion.values() for b in said})
        doc.add_heading("What reps said (rows) against what buyers said (columns)", 2)
        rows = [
            [names.get(rep, rep), *(said.get(b, 0) for b in buyers)]
            for rep, said in confusion.items()
        ]
        _table(doc, ["Rep said", *(names.get(b, b) for b in buyers)], rows)


def _survey(doc: DocumentType, content: dict) -> None:
    said = t.survey_text(content)
    if not said:
        return _none_yet(doc, t.NO_SURVEY)
    doc.add_paragraph(said)
    for header, rows in t.survey_tables(content):
        if rows:
            _table(doc, header, rows)


def _since(doc: DocumentType, content: dict) -> None:
    since = content.get("since_last_time") or {}
    if since.get("wave"):
        doc.add_paragraph(f"Actions from {since['wave']}:")
    rows = [
        [a.get("title"), a.get("owner"), a.get("status"), a.get("what_changed") or "—"]
        for a in since.get("actions") or []
    ]
    _table(doc, ["Action", "Owner", "Status", "What changed"], rows)


Writer = Callable[[DocumentType, dict], None]
# In the SOP's order; a section is found by its name, or by its place for a renamed one.
SOP_WRITERS: list[Writer] = [
    _scope,
    _methodology,
    lambda doc, content: _themes(doc, content, "win_driver"),
    lambda doc, content: _themes(doc, content, "loss_driver"),
    _quotes,
    _actions,
]
BY_NAME: dict[str, Writer] = dict(zip(t.SECTIONS, SOP_WRITERS, strict=True))


def render_docx(content: dict) -> bytes:
    """The full report for ``content`` (the report's content document) as .docx bytes."""
    doc = Document()
    doc.add_heading(content.get("title") or "Win-loss report", 0)
    parts = [(content.get("program") or {}).get("name"), content.get("workspace")]
    parts.append(f"generated {t.moment(content.get('generated_at'))}")
    doc.add_paragraph(" · ".join(p for p in parts if p))
    _paragraphs(doc, content.get("summary") or "")
    for i, name in enumerate(t.section_names(content)):
        doc.add_heading(name, 1)
        writer = BY_NAME.get(name) or (SOP_WRITERS[i] if i < len(SOP_WRITERS) else _nothing)
        writer(doc, content)
    for name, writer in zip(t.EXTRA_SECTIONS, (_competitors, _gap, _survey, _since), strict=True):
        doc.add_heading(name, 1)
        writer(doc, content)

    return finish(doc, content)
