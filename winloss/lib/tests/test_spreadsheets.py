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
