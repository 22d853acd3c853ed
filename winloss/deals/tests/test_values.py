"""Cell parsers: dates, amounts and yes/no as CRMs and spreadsheets write them."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winloss.deals.imports.errors import ValueProblem
from winloss.deals.imports.values import (
    DMY,
    MDY,
    AmbiguousDate,
    date_order_shown,
    parse_amount,
    parse_bool,
    parse_date,
    read_date,
)

dates = st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2068, 12, 31))
amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-22", dt.date(2024, 1, 22)),
        ("2024-01-22T16:14:25.000+0000", dt.date(2024, 1, 22)),
        ("2024-01-22 16:14", dt.date(2024, 1, 22)),
        ("2024/1/5", dt.date(2024, 1, 5)),
        ("22.01.2024", dt.date(2024, 1, 22)),
        ("01.02.2024", dt.date(2024, 2, 1)),
        ("22/01/2024", dt.date(2024, 1, 22)),
        ("01/22/2024", dt.date(2024, 1, 22)),
        ("1/22/2024 4:14 PM", dt.date(2024, 1, 22)),
        ("1/22/24", dt.date(2024, 1, 22)),
        ("22 Jan 2024", dt.date(2024, 1, 22)),
        ("22-Jan-2024", dt.date(2024, 1, 22)),
        ("Jan 22, 2024", dt.date(2024, 1, 22)),
        ("September 3rd, 2024", dt.date(2024, 9, 3)),
        ("  ", None),
        ("", None),
    ],
)
def test_dates_are_read_in_every_form_crms_write(text, expected):
    assert parse_date(text) == expected


def test_a_date_that_could_be_either_order_waits_for_the_files_convention():
    value = read_date("03/04/2025")
    assert value == AmbiguousDate(3, 4, 2025, "03/04/2025")
    assert value.resolve(DMY) == dt.date(2025, 4, 3)
    assert value.resolve(MDY) == dt.date(2025, 3, 4)


def test_an_ambiguous_date_is_refused_when_no_order_is_given():
    with pytest.raises(ValueProblem, match="day-first or month-first"):
        parse_date("03/04/2025")


def test_a_declared_order_refuses_a_date_written_the_other_way():
    assert parse_date("13/04/2025", DMY) == dt.date(2025, 4, 13)
    with pytest.raises(ValueProblem, match="no month 13"):
        parse_date("13/04/2025", MDY)


def test_a_value_above_twelve_shows_the_files_date_order():
    assert date_order_shown("13/01/2025") == DMY
    assert date_order_shown("01/13/2025") == MDY
    assert date_order_shown("01/02/2025") is None
    assert date_order_shown("13.01.2025") is None  # dots are always day first anyway


@pytest.mark.parametrize(
    "text", ["31/02/2025", "2025-13-01", "yesterday", "32.01.2025", "20250122"]
)
def test_impossible_or_unreadable_dates_say_what_to_write(text):
    with pytest.raises(ValueProblem, match=r"not a (real )?date"):
        parse_date(text, DMY)


@given(dates)
def test_iso_and_salesforce_dates_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.isoformat()}T16:14:25.000+0000") == day


@given(dates)
def test_day_first_and_month_first_dates_round_trip_with_their_order(day):
    assert parse_date(f"{day:%d/%m/%Y}", DMY) == day
    assert parse_date(f"{day:%m/%d/%Y}", MDY) == day
    assert parse_date(f"{day:%d.%m.%Y}") == day
    assert parse_date(f"{day.month}/{day.day}/{day:%y}", MDY) == day


@given(dates)
def test_without_an_order_a_date_is_read_right_or_left_open_never_swapped(day):
    value = read_date(f"{day:%d/%m/%Y}")
    if isinstance(value, AmbiguousDate):
        assert value.resolve(DMY) == day
    else:
        assert value == day


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("1234", Decimal("1234"), None),
        ("1124741.15", Decimal("1124741.15"), None),
        ("$1,234.56", Decimal("1234.56"), None),
        ("1.234,56 €", Decimal("1234.56"), "EUR"),
        ("EUR 1.234.567,89", Decimal("1234567.89"), "EUR"),
        ("1 234,50", Decimal("1234.50"), None),
        ("1\u00a0234,50", Decimal("1234.50"), None),
        ("CHF 1'234.50", Decimal("1234.50"), "CHF"),
        ("£12,500", Decimal("12500"), "GBP"),
        ("12,5", Decimal("12.5"), None),
        ("1,234", Decimal("1234"), None),
        ("1.234", Decimal("1234"), None),
        ("0.125", Decimal("0.13"), None),
        ("12,34,567.00", Decimal("1234567.00"), None),
        ("1234 USD", Decimal("1234"), "USD"),
        ("US$ 99.90", Decimal("99.90"), "USD"),
        ("", None, None),
    ],
)
def test_amounts_are_read_with_symbols_codes_and_both_decimal_marks(text, amount, currency):
    assert parse_amount(text) == (amount, currency)


@pytest.mark.parametrize("text", ["-100", "(1,200.00)", "€ -5", "100-"])
def test_negative_amounts_are_refused(text):
    with pytest.raises(ValueProblem, match="negative"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["twelve", "1,2,3", "1.2.3,4.5", "12abc", "$"])
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueProblem):
        parse_amount(text)


def test_an_amount_too_large_for_a_deal_is_refused():
    with pytest.raises(ValueProblem, match="too large"):
        parse_amount("100000000000000")


def _grouped(amount: Decimal, thousands: str, decimal: str) -> str:
    whole, fraction = f"{amount:.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return thousands.join(groups) + decimal + fraction


@given(amounts)
def test_amounts_round_trip_in_us_european_swiss_and_plain_forms(amount):
    assert parse_amount(f"{amount:.2f}") == (amount, None)
    assert parse_amount(_grouped(amount, ",", "."))[0] == amount
    assert parse_amount(_grouped(amount, ".", ","))[0] == amount
    assert parse_amount(_grouped(amount, " ", ","))[0] == amount
    assert parse_amount("$" + _grouped(amount, ",", "."))[0] == amount
    assert parse_amount(_grouped(amount, ".", ",") + " €") == (amount, "EUR")
    assert parse_amount("CHF " + _grouped(amount, "'", ".")) == (amount, "CHF")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", True), ("", False), ("TRUE", True), ("False", False), ("Yes", True), ("no", False),
     ("y", True), ("0", False)],
)  # fmt: skip
def test_booleans_are_read_as_salesforce_excel_and_people_write_them(text, expected):
    assert parse_bool(text) is expected


def test_a_boolean_that_is_neither_says_what_is_allowed():
    with pytest.raises(ValueProblem, match="1 or blank, TRUE/FALSE, or Yes/No"):
        parse_bool("maybe")
