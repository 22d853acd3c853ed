"""The one XLSX writer behind every table export, read back with openpyxl."""

import datetime as dt
import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl

from winloss.lib.xlsx import EXCEL_CELL_LIMIT, table_xlsx


def _read(data: bytes, sheet: str = "T") -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_values_keep_their_types_and_blanks_stay_blank():
    when = dt.datetime(2026, 12, 7, 9, 30, 15)
    aware = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    rows = [[1, 2.5, Decimal("3.25"), True, when, dt.date(2026, 1, 2), aware, None, ""]]
    read = _read(table_xlsx(list("ABCDEFGHI"), rows, sheet="T"))
    assert read[0] == tuple("ABCDEFGHI")
    assert read[1] == (1, 2.5, 3.25, True, when, dt.datetime(2026, 1, 2),
                       dt.datetime(2026, 12, 7, 9, 30), None, None)  # fmt: skip


def test_text_is_escaped_and_reads_back_as_written():
    texts = ["a < b & c > d", '"quoted"', "  spaced  ", "=1+1", "über 🙂",
             "tab\tand line\nbreak"]  # fmt: skip
    read = _read(table_xlsx(["Text"], [[t] for t in texts], sheet="T"))
    assert [row[0] for row in read[1:]] == texts


def test_control_characters_and_literal_escapes_are_written_as_excel_escapes_them():
    # XML cannot hold most control characters: Excel writes them as _xHHHH_, and a literal
    # _xHHHH_ with its underscore escaped, so that it reads back as typed.
    data = table_xlsx(["Text"], [["bell\x07 nul\x00 cr\r"], ["literal _x0041_"]], sheet="T")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    assert "bell_x0007_ nul_x0000_ cr_x000D_" in sheet
    assert "literal _x005F_x0041_" in sheet


def test_a_cell_longer_than_excel_allows_is_cut_at_its_limit():
    read = _read(table_xlsx(["Text"], [["x" * (EXCEL_CELL_LIMIT + 10)]], sheet="T"))
    assert len(read[1][0]) == EXCEL_CELL_LIMIT


def test_the_sheet_name_is_cut_to_31_characters_and_escaped():
    data = table_xlsx(["A"], [], sheet="Q&A " + "x" * 40)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [("Q&A " + "x" * 40)[:31]]


def test_every_part_is_well_formed_xml():
    data = table_xlsx(["A", "B"], [["<&>", dt.date(2026, 1, 1)]] * 3, sheet="T")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert "[Content_Types].xml" in names and "xl/worksheets/sheet1.xml" in names
        for name in names:
            ElementTree.fromstring(package.read(name))
