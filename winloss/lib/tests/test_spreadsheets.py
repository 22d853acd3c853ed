import pytest

from winloss.lib.spreadsheets import safe_cell

# A spreadsheet skips leading blanks and reads full-width signs as ASCII ones.
RUNS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=", "-",
        " =1+1", "\n=cmd", "  \r\n@SUM(A1)", "\u3000=1",
        '＝HYPERLINK("http://x")', "＋1", "－1", "＠SUM(A1)", "﹦1"]  # fmt: skip
PLAIN = ["Acme", "", "1,000", "  ", "a=b", "'quoted", "€5", "a＝b", "\tAcme"]


@pytest.mark.parametrize("value", RUNS)
def test_a_value_a_spreadsheet_would_run_gets_a_leading_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", PLAIN)
def test_plain_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


def test_none_is_an_empty_cell_and_other_values_become_text():
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"
    assert safe_cell(-3) == "'-3"


def test_a_small_table_is_written_as_csv_and_xlsx_with_its_text_safe():
    import csv
    import datetime as dt
    import io

    import openpyxl

    from winloss.lib.spreadsheets import table_bytes

    when = dt.datetime(2026, 12, 7, 9, 30)
    rows = [[1, "=1+1", when, None], [2, "plain", dt.date(2026, 1, 2), "x"]]
    columns = ["Id", "Text", "When", "Other"]

    read = list(csv.reader(io.StringIO(table_bytes("csv", columns, rows, sheet="T").decode())))
    assert read == [columns, ["1", "'=1+1", "2026-12-07T09:30:00", ""],
                    ["2", "plain", "2026-01-02", "x"]]  # fmt: skip

    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes("xlsx", columns, rows, sheet="T")))["T"]
    assert [c.value for c in sheet[1]] == columns
    assert [c.value for c in sheet[2]] == [1, "'=1+1", when, None]
    assert sheet["C3"].value == dt.datetime(2026, 1, 2)  # a date cell
    with pytest.raises(ValueError, match="not a table format"):
        table_bytes("pdf", columns, rows, sheet="T")
