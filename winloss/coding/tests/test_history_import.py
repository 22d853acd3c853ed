"""Importing past coded interviews: one interview per deal, validated, its excerpts coded."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding.history_import import import_coded_history
from winloss.coding.models import CodedExcerpt
from winloss.interviews.models import Interview
from winloss.interviews.queries import validated_interviews
from winloss.outreach.models import ConsentRecord
from winloss.programs.models import Program
from winloss.testing import make_account, make_competitor, make_deal, make_program

HEADER = [
    "Deal CRM id", "Interview date", "Respondent name", "Respondent role", "Attribution",
    "Excerpt text", "Theme", "Direction", "Competitor", "Rep's stated reason",
]  # fmt: skip


@pytest.fixture
def deals(workspace):
    make_competitor(workspace, name="Vector Solutions")
    account = make_account(workspace, name="Globex")
    return [
        make_deal(workspace, crm_id="OPP-1", account=account, outcome="lost"),
        make_deal(workspace, crm_id="OPP-2", outcome="won", close_date=dt.date(2025, 5, 2)),
    ]


def _rows():
    return [
        ["OPP-1", "2025-04-03", "Dana Buyer", "Evaluator", "anonymous",
         "Their quote came in 30% lower.", "pricing_commercial", "loss driver",
         "Vector Solutions", "Price"],
        ["OPP-1", "2025-04-03", "Dana Buyer", "Evaluator", "anonymous",
         "Their quote came in 30% lower.", "Competitive displacement", "Loss driver", "", ""],
        ["OPP-1", "2025-04-03", "Dana Buyer", "Evaluator", "anonymous",
         "Onboarding felt rushed.", "implementation_risk", "neutral", "", ""],
        ["OPP-2", "2025-05-10", "Sam Lead", "executive_sponsor", "named",
         "The product did exactly what we needed.", "product_fit", "win_driver", "", ""],
    ]  # fmt: skip


def _csv(tmp_path, rows, name="history.csv"):
    path = tmp_path / name
    with path.open("w", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


def _run(path, *extra):
    out = io.StringIO()
    call_command(
        "import_coded", str(path), "--workspace", "acme", "--program", "2024 losses", "--json",
        *extra, stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_the_file_becomes_validated_interviews_with_coded_excerpts(tmp_path, deals, workspace):
    result = _run(_csv(tmp_path, _rows()))
    assert result == {
        "interviews": 2, "excerpts": 4, "created_program": True, "dry_run": False, "errors": []
    }  # fmt: skip
    program = Program.objects.get(name="2024 losses")
    assert sorted(program.deal_types) == ["lost", "won"]
    assert (program.window_start, program.window_end) == (deals[0].close_date, deals[1].close_date)
    assert validated_interviews(program).count() == 2
    interview = Interview.objects.get(entry__deal=deals[0])
    assert interview.respondent_role == "evaluator"
    assert interview.validation.comments == "Imported from history.csv"
    assert interview.guide_version.status == "approved"
    assert interview.entry.contact.name == "Dana Buyer"
    note = interview.notes.get()
    assert note.question is None
    excerpts = CodedExcerpt.objects.filter(interview=interview).order_by("pk")
    assert [e.theme.slug for e in excerpts] == [
        "pricing_commercial", "competitive_displacement", "implementation_risk"
    ]  # fmt: skip
    for excerpt in excerpts:
        assert note.text[excerpt.start : excerpt.end] == excerpt.text
    assert (
        excerpts[0].competitor.name == "Vector Solutions" and excerpts[0].start == excerpts[1].start
    )
    consent = ConsentRecord.objects.get(appointment__entry__deal=deals[0])
    assert consent.attribution == "anonymous" and consent.given_by == "imported from history.csv"
    deals[0].refresh_from_db()
    assert deals[0].rep_stated_reason == "Price"
    entry = LogEntry.objects.get(action="interview.imported", object_id=interview.pk)
    assert entry.data["imported"] is True and "history.csv" in describe(entry)
    assert "2 past interviews" in describe(LogEntry.objects.get(action="coding.history_imported"))


def test_an_existing_program_is_used_and_xlsx_reads_the_same(tmp_path, deals, workspace):
    program = make_program(workspace, name="2024 Losses")
    book = Workbook()
    book.active.append(HEADER)
    for row in _rows():
        book.active.append(row)
    path = tmp_path / "history.xlsx"
    book.save(path)
    result = _run(path)
    assert (result["interviews"], result["excerpts"], result["created_program"]) == (2, 4, False)
    assert Interview.objects.filter(program=program).count() == 2


def test_row_errors_name_row_column_and_value_and_nothing_is_saved(tmp_path, deals):
    rows = _rows()
    rows[0][0] = "OPP-404"
    rows[1][6] = "no_such_theme"
    rows[2][7] = "sideways"
    rows[3][1] = "31/31/2025"
    rows.append(["OPP-2", "2025-05-11", "Sam Lead", "executive_sponsor", "named",
                 "More words.", "product_fit", "win", "", ""])  # fmt: skip
    with pytest.raises(CommandError):
        _run(_csv(tmp_path, rows))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_coded", str(_csv(tmp_path, rows)), "--workspace", "acme",
                     "--program", "x", "--json", stdout=out)  # fmt: skip
    errors = json.loads(out.getvalue())["errors"]
    found = {(e["row"], e["column"], e["value"]) for e in errors}
    assert {
        (2, "Deal CRM id", "OPP-404"),
        (3, "Theme", "no_such_theme"),
        (4, "Direction", "sideways"),
        (5, "Interview date", "31/31/2025"),
    } <= found
    assert all(e["message"] for e in errors)
    assert not Program.objects.filter(name="x").exists() and not CodedExcerpt.objects.exists()


def test_rows_of_one_deal_must_agree_on_the_interview(tmp_path, deals, workspace):
    rows = _rows()[:2]
    rows[1][1] = "2025-04-04"
    result = import_coded_history(
        workspace=workspace, source=_csv(tmp_path, rows), program_name="p", file_name="h.csv"
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "Interview date")]
    assert "Row 2 gives 2025-04-03" in result.errors[0].message


def test_a_dry_run_counts_and_saves_nothing(tmp_path, deals):
    result = _run(_csv(tmp_path, _rows()), "--dry-run")
    assert (result["interviews"], result["excerpts"], result["dry_run"]) == (2, 4, True)
    assert not Program.objects.filter(name="2024 losses").exists()
    assert not Interview.objects.exists() and not CodedExcerpt.objects.exists()


def test_importing_the_same_file_twice_is_refused(tmp_path, deals):
    path = _csv(tmp_path, _rows())
    _run(path)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_coded", str(path), "--workspace", "acme", "--program",
                     "2024 losses", "--json", stdout=out)  # fmt: skip
    errors = json.loads(out.getvalue())["errors"]
    assert (
        errors[0]["column"] == "Deal CRM id" and "already has an interview" in errors[0]["message"]
    )
    assert CodedExcerpt.objects.count() == 4


def test_a_file_without_the_needed_columns_is_refused(tmp_path, deals):
    path = tmp_path / "bad.csv"
    path.write_text("Deal,Notes\nOPP-1,hello\n")
    with pytest.raises(CommandError, match="no column for Deal CRM id"):
        _run(path)


def test_a_coder_imports_a_file_from_the_coding_step_page(
    client_for, people, tmp_path, deals, workspace
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from winloss.accounts.roles import Role

    program = make_program(workspace, name="Past losses")
    analyst = people[Role.ANALYST]
    client = client_for(analyst)
    url = f"/w/acme/programs/{program.pk}/code/"
    assert "Import past coded interviews" in client.get(url).content.decode()
    data = _csv(tmp_path, _rows()).read_bytes()
    response = client.post(
        url + "import/", {"file": SimpleUploadedFile("old.csv", data)}, follow=True
    )
    assert "Imported 2 interviews and 4 coded excerpts." in response.content.decode()
    interview = Interview.objects.filter(program=program).first()
    assert interview.validation.reviewer == analyst
    assert interview.validation.comments == "Imported from old.csv"
    bad = data.replace(b"OPP-2", b"OPP-9")
    response = client.post(
        url + "import/", {"file": SimpleUploadedFile("bad.csv", bad)}, follow=True
    )
    page = response.content.decode()
    assert "Nothing imported" in page and "Row 5, column Deal CRM id" in page


def test_the_import_form_is_for_coders_only(client_for, people, workspace):
    from winloss.accounts.roles import Role

    program = make_program(workspace)
    page = client_for(people[Role.INTERVIEWER]).get(f"/w/acme/programs/{program.pk}/code/")
    assert "Import past coded interviews" not in page.content.decode()
