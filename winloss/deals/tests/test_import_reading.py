"""Files as CRMs and Excel write them: encodings, separators, report footers, workbooks, junk."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from winloss.deals.imports import ImportFailed, import_deals
from winloss.deals.models import Deal, Outcome
from winloss.lib.tables.reading import open_table

HEADER = ["Opportunity ID", "Opportunity Name", "Account Name", "Stage", "Amount", "Close Date"]
ROWS = [
    ["OPP-1", "Société Générale — renewal", "Société Générale", "Closed Won", "1.234,50 €",
     "2025-03-31"],
    ["OPP-2", "Müller GmbH, expansion", "Müller GmbH", "Closed Lost", "980", "2025-02-14"],
    ["OPP-3", "Ørsted pilot", "Ørsted", "Negotiation", "", ""],
]  # fmt: skip


def _text(rows, delimiter=",", newline="\r\n") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or '"' in value else value

    return "".join(delimiter.join(cell(c) for c in row) + newline for row in rows)


def _deals(workspace) -> dict[str, Deal]:
    return {d.crm_id: d for d in Deal.objects.filter(workspace=workspace)}


def _assert_imported_right(workspace, result) -> None:
    assert (result.created, result.rejected) == (3, 0), result.errors
    deals = _deals(workspace)
    assert deals["OPP-1"].name == "Société Générale — renewal"
    assert deals["OPP-1"].account.name == "Société Générale"
    assert deals["OPP-1"].amount == Decimal("1234.50")
    assert deals["OPP-1"].currency == "EUR"
    assert deals["OPP-2"].name == "Müller GmbH, expansion"
    assert deals["OPP-2"].outcome == Outcome.LOST
    assert deals["OPP-3"].outcome == Outcome.OPEN


def test_a_utf16_tab_separated_file_as_excel_saves_unicode_text_imports(workspace, tmp_path):
    path = tmp_path / "deals.txt"
    path.write_bytes(_text([HEADER, *ROWS], delimiter="\t").encode("utf-16"))
    assert path.read_bytes()[:2] == b"\xff\xfe"
    _assert_imported_right(workspace, import_deals(workspace=workspace, source=path))


def test_a_cp1252_file_from_excel_on_windows_imports(workspace, tmp_path):
    path = tmp_path / "deals.csv"
    rows = [[c.replace("—", "-").replace("Ø", "O") for c in row] for row in ROWS]
    path.write_bytes(_text([HEADER, *rows], delimiter=";").encode("cp1252"))
    with open_table(path) as table:
        assert (table.encoding, table.delimiter) == ("cp1252", ";")
    result = import_deals(workspace=workspace, source=path)
    assert result.created == 3
    assert _deals(workspace)["OPP-2"].account.name == "Müller GmbH"
    assert _deals(workspace)["OPP-1"].amount == Decimal("1234.50")


def test_a_utf8_file_with_a_byte_order_mark_has_clean_headers(workspace, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes(_text([HEADER, *ROWS]).encode("utf-8-sig"))
    with open_table(path) as table:
        assert table.headers[0] == "Opportunity ID"
    _assert_imported_right(workspace, import_deals(workspace=workspace, source=path))


def test_a_salesforce_report_export_with_its_footer_imports_the_deals_only(workspace, tmp_path):
    footer = [
        [""],
        ["Grand Totals (3 records)"],
        [""],
        ["Confidential Information - Do Not Distribute"],
        ["Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."],
        [""],
    ]
    header = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Amount",
              "Close Date", "Created Date", "Opportunity ID"]  # fmt: skip
    rows = [
        ["Dana Rep", "Initech", "Initech - TPS", "Closed Won", "USD 12,000.00", "3/31/2025",
         "1/15/2025", "0061"],
        ["Dana Rep", "Globex", "Globex - Hammock", "Closed Lost", "USD 8,000.00", "2/14/2025",
         "1/20/2025", "0062"],
        ["Lee Rep", "Hooli", "Hooli - Nucleus", "Prospecting", "USD 50,000.00", "6/30/2025",
         "2/1/2025", "0063"],
    ]  # fmt: skip
    path = tmp_path / "report.csv"
    path.write_text(_text([header, *rows, *footer]), encoding="utf-8")
    result = import_deals(workspace=workspace, source=path)
    assert result.mapping.format == "salesforce-report"
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    deal = _deals(workspace)["0061"]
    assert (deal.close_date, deal.owner_name, deal.amount) == (
        dt.date(2025, 3, 31),
        "Dana Rep",
        Decimal("12000.00"),
    )


def test_an_xlsx_workbook_imports_with_real_dates_and_numbers(workspace, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Deal owner"])
    sheet.append([101, "Acme expansion", "Closed Won", 12500.5, dt.datetime(2025, 3, 31), "Ann"])
    sheet.append([102, "Acme renewal", "Closed Lost", 9000, dt.date(2025, 4, 2), "Ben"])
    sheet.append([])
    sheet.append([103, "Acme pilot", "Appointment Scheduled", None, None, "Ann"])
    path = tmp_path / "deals.xlsx"
    workbook.save(path)
    result = import_deals(workspace=workspace, source=path)
    assert result.mapping.format == "hubspot"
    assert (result.created, result.rejected) == (3, 0), result.errors
    deals = _deals(workspace)
    assert deals["101"].amount == Decimal("12500.50")
    assert deals["101"].close_date == dt.date(2025, 3, 31)
    assert deals["102"].outcome == Outcome.LOST
    assert deals["103"].outcome == Outcome.OPEN


def test_an_xlsx_error_names_the_row_a_spreadsheet_shows(workspace, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Record ID", "Deal Name", "Deal Stage", "Close Date"])
    sheet.append([1, "Fine", "closedwon", dt.date(2025, 1, 2)])
    sheet.append([])
    sheet.append([2, "Broken", "closedwon", "next week"])
    path = tmp_path / "deals.xlsx"
    workbook.save(path)
    result = import_deals(workspace=workspace, source=path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [(4, "Close Date", "next week")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "an image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (bytes(range(256)) * 50, "binary data"),
        (b"<!DOCTYPE html><html><body><table><tr><td>Stage</td></tr></table>", "web page"),
        (b"Just a note about deals\nnothing tabular here\n", "No columns were found"),
        (b"", "The file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Excel 97"),
    ],
)
def test_files_that_are_not_tables_are_refused_with_a_clear_message(workspace, content, message):
    with pytest.raises(ImportFailed, match=message):
        import_deals(workspace=workspace, source=io.BytesIO(content))
    assert not Deal.objects.filter(workspace=workspace).exists()


def test_a_zip_that_is_not_a_workbook_is_refused(workspace):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ImportFailed, match="a ZIP archive"):
        import_deals(workspace=workspace, source=buffer)


def test_a_file_over_the_size_limit_is_refused_before_reading(workspace, settings):
    settings.IMPORT_MAX_MB = 1
    content = _text([HEADER]).encode() + b"x" * (1024 * 1024 + 1)
    with pytest.raises(ImportFailed, match="at most 1 MB"):
        import_deals(workspace=workspace, source=io.BytesIO(content))


def test_a_file_with_no_stage_column_says_which_columns_it_found(workspace):
    content = b"Name,Amount\nAcme,100\n"
    with pytest.raises(ImportFailed, match="Columns found: Name, Amount"):
        import_deals(workspace=workspace, source=io.BytesIO(content))


def test_a_row_with_more_values_than_the_header_is_rejected(workspace):
    content = b"Id,Name,Stage\n1,Acme,Won\n2,Acme, Inc,Won\n"
    result = import_deals(workspace=workspace, source=io.BytesIO(content))
    assert [e.row for e in result.errors] == [3]
    assert "unquoted separator" in result.errors[0].message
    assert result.stopped
