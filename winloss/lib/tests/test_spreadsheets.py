import pytest

from winloss.lib.spreadsheets import safe_cell


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=", "-"],
)
def test_a_value_a_spreadsheet_would_run_gets_a_leading_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Acme", "", "1,000", " =1", "a=b", "'quoted", "€5"])
def test_plain_text_is_left_as_it_is(value):
    assert safe_cell(value) == value


def test_none_is_an_empty_cell_and_other_values_become_text():
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"
    assert safe_cell(-3) == "'-3"
