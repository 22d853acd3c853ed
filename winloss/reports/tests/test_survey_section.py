"""The report's "Buyer survey" section: imported survey answers, shown as their own evidence in
the page/PDF document, the Word document and the workbook, with their base."""

import io
import json
from pathlib import Path

import lxml.html
from django.template.loader import render_to_string
from docx import Document
from openpyxl import load_workbook

from winloss.analysis.survey import survey_figures
from winloss.reports.formats import document_context
from winloss.reports.render import render_docx, render_xlsx
from winloss.surveys.imports.run import import_survey
from winloss.testing import make_deal

SAMPLE = Path(__file__).with_name("sample_content.json")
ANSWERS = (
    "deal_id,respondent_email,main_reason,importance_pricing_commercial,"
    "performance_pricing_commercial,chosen_performance_pricing_commercial,reconsider\n"
    "S-1,a@x.example,pricing_commercial,5,2,4,3\n"
    "S-2,b@x.example,pricing_commercial,4,2,5,4\n"
    "S-3,c@x.example,product_fit,5,3,4,8\n"
)


def _content(workspace) -> dict:
    for n in (1, 2, 3):
        make_deal(workspace, crm_id=f"S-{n}", outcome="lost")
    result = import_survey(
        workspace=workspace, source=io.BytesIO(ANSWERS.encode()), program_name="Q3 survey",
        file_name="answers.csv",
    )  # fmt: skip
    assert result.program is not None and not result.errors
    # Three answers make a share here (a program's own minimum; "too few to tell" below it).
    type(result.program).objects.filter(pk=result.program.pk).update(min_per_outcome=3)
    result.program.refresh_from_db()
    return {**json.loads(SAMPLE.read_text()), "survey": survey_figures(result.program)}


def test_the_page_and_pdf_document_show_the_survey_with_its_base(workspace):
    content = _content(workspace)
    html = render_to_string("reports/_document.html", document_context(content))
    section = next(
        s for s in lxml.html.fromstring(html).iter("section")
        if s.findtext("h2") == "Buyer survey"
    )  # fmt: skip
    text = " ".join(" ".join(section.itertext()).split())
    assert "3 completed survey responses (3 lost to competitor), 3 of them imported" in text
    assert "not counted among the interviews" in text
    assert "Pricing and commercial terms Lost to competitor 67% (95% CI" in text
    # Importance 5, 4, 5: a mean of 4.7, its interval cut at the scale's top; the gap is ours
    # minus theirs: 2-4, 2-5, 3-4.
    assert "4.7 (3.2 to 5.0, n=3)" in text and "−2.0 (−4.0 to 0.5, n=3)" in text


def test_the_word_document_and_the_workbook_carry_it_too(workspace):
    content = _content(workspace)
    words = "\n".join(p.text for p in Document(io.BytesIO(render_docx(content))).paragraphs)
    assert "Buyer survey" in words and "3 completed survey responses" in words
    book = load_workbook(io.BytesIO(render_xlsx(content, [])))
    sheet = book["Buyer survey"]
    cells = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Gap (ours − theirs)" in cells
    assert any(str(c).startswith("−2.0 (") for c in cells)


def test_an_older_version_without_a_survey_says_there_is_none():
    content = json.loads(SAMPLE.read_text())
    content.pop("survey", None)
    html = render_to_string("reports/_document.html", document_context(content))
    assert "No survey answers yet." in html
