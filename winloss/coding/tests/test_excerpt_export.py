"""Every coded excerpt of a program, downloaded as CSV and XLSX and read back."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from winloss.coding import services
from winloss.coding.excerpt_export import COLUMNS
from winloss.coding.queries import codebook_for
from winloss.testing import make_competitor, make_interview


def _code(interview, user, words, theme="pricing_commercial", direction="loss_driver", **extra):
    note = next(n for n in interview.notes.all() if words in n.text)
    start = note.text.index(words)
    themes = {t.slug: t for t in codebook_for(interview.workspace)}
    return services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=start,
        end=start + len(words),
        text=words,
        theme=themes[theme],
        direction=direction,
        user=user,
        **extra,
    )


def _url(program, kind):
    return f"/w/{program.workspace.slug}/programs/{program.pk}/code/export/?format={kind}"


def test_the_csv_holds_one_row_per_excerpt_with_its_deal_and_theme(
    client_for, analyst, interview, program, workspace
):
    rival = make_competitor(workspace, name="Vector Solutions")
    _code(interview, analyst, "thirty percent lower", competitor=rival)
    _code(interview, analyst, "it did not", theme="product_fit", direction="neutral")
    response = client_for(analyst).get(_url(program, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "excerpts-q3-enterprise-losses.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == COLUMNS and len(rows) == 3
    first = dict(zip(COLUMNS, rows[1], strict=True))
    deal = interview.entry.deal
    assert first["Program"] == "Q3 enterprise losses"
    assert (first["Deal CRM id"], first["Account"]) == (deal.crm_id, deal.account.name)
    assert first["Outcome"] == "Lost to competitor" and first["Interview id"] == str(interview.pk)
    assert first["Theme slug"] == "pricing_commercial" and first["Direction"] == "Loss driver"
    assert first["Competitor"] == "Vector Solutions"
    assert first["Excerpt text"] == "thirty percent lower" and first["Coder"] == str(analyst)
    assert first["Codebook version"] == "1"  # the version it was coded under
    assert rows[2][COLUMNS.index("Theme slug")] == "product_fit"


def test_the_xlsx_reads_back_with_typed_dates_and_safe_text(
    client_for, analyst, program, workspace
):
    interview = make_interview(program, ["=HYPERLINK(evil) we left for price"])
    _code(interview, analyst, "=HYPERLINK(evil)")
    response = client_for(analyst).get(_url(program, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS and len(rows) == 2
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["Excerpt text"] == "'=HYPERLINK(evil)"  # shown as text, never run
    assert row["Interview date"] is not None and row["Coded at"].year >= 2025
    assert row["Interview id"] == interview.pk


def test_the_xlsx_holds_every_excerpt_in_the_order_coded(client_for, analyst, program):
    interview = make_interview(program, ["=SUM(A1) thirty percent lower", "it did not fit"])
    _code(interview, analyst, "=SUM(A1)")
    _code(interview, analyst, "it did not fit", theme="product_fit", direction="neutral")
    content = client_for(analyst).get(_url(program, "xlsx")).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][COLUMNS.index("Excerpt text")] == "'=SUM(A1)"
    assert rows[2][COLUMNS.index("Direction")] == "Neutral"


def test_the_export_makes_the_same_queries_for_many_excerpts(
    client_for, analyst, program, interview
):
    client = client_for(analyst)
    _code(interview, analyst, "thirty percent lower")
    with CaptureQueriesContext(connection) as one:
        b"".join(client.get(_url(program, "csv")).streaming_content)
    for _ in range(3):
        other = make_interview(program, ["thirty percent lower, and it did not"])
        _code(other, analyst, "thirty percent lower")
        _code(other, analyst, "it did not", theme="product_fit")
    with CaptureQueriesContext(connection) as many:
        b"".join(client.get(_url(program, "csv")).streaming_content)
    assert len(many) == len(one)


def test_an_unknown_format_is_refused_and_the_step_page_links_both(client_for, analyst, program):
    client = client_for(analyst)
    assert client.get(_url(program, "pdf")).status_code == 400
    page = client.get(f"/w/{program.workspace.slug}/programs/{program.pk}/code/").content.decode()
    assert "code/export/?format=csv" in page and "code/export/?format=xlsx" in page


def test_another_workspace_never_gets_the_excerpts(client_for, outsider, program):
    assert client_for(outsider).get(_url(program, "csv")).status_code == 404
