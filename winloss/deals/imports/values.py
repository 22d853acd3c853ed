"""Reading one CRM cell as a date, an amount or a yes/no, with messages a person can act on.

Every parser takes the text as the file holds it (blank means "no value") and raises
``ValueProblem`` with a sentence naming what was expected. Nothing here guesses silently:

* Dates: ISO (``2024-01-22``, ``2024/01/22``), Salesforce timestamps
  (``2024-01-22T16:14:25.000+0000``, the date as written is kept), day-first with dots
  (``22.01.2024``, always European), month names (``22 Jan 2024``, ``Jan 22, 2024``) and
  ``a/b/yyyy`` or ``a-b-yyyy``. The last form is only certain when one part is above 12;
  ``01/02/2024`` is returned as an ``AmbiguousDate`` until the file's convention is known
  (declared by the person, or shown by another row such as ``13/02/2024``).
* Amounts: currency symbols and ISO codes, thousands separators (``,`` ``.`` space ``'``),
  decimal commas. With both separators the last one is the decimal mark. A single separator
  followed by exactly three digits, after one to three digits not starting with 0, is a
  thousands separator (``1,234`` and ``1.234`` are both 1234: CRM amounts do not have three
  decimals); any other single separator is the decimal mark. Negative amounts are refused.
* Booleans: ``1``/blank (Salesforce), ``TRUE``/``FALSE`` (Excel), ``Yes``/``No``.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ValueProblem

DMY, MDY = "dmy", "mdy"
DATE_ORDERS = (DMY, MDY)
ORDER_NAMES = {DMY: "day first (31/12/2025)", MDY: "month first (12/31/2025)"}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# A time after the date is allowed and dropped: CRMs write "1/22/2024 4:14 PM" in reports.
_TIME = r"(?:[T ]\d{1,2}:\d{2}.*)?"
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})" + _TIME + r"\Z")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME + r"\Z")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ \-]([a-z]{3,9})\.?[ \-,]+(\d{4}|\d{2})" + _TIME + r"\Z")
_MONTH_NAME_DAY = re.compile(r"([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})" + _TIME + r"\Z")

DATE_HELP = "Use a date such as 2025-03-31, 31/03/2025 or 03/31/2025."


@dataclass(frozen=True, slots=True)
class AmbiguousDate:
    """``a/b/year`` with both parts 12 or less: a date once the file's convention is known."""

    first: int
    second: int
    year: int
    text: str

    def resolve(self, order: str) -> dt.date:
        day, month = (self.first, self.second) if order == DMY else (self.second, self.first)
        return _make_date(self.year, month, day, self.text)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years in CRM exports are this century's, except the 1970s–90s.
        year += 2000 if year < 70 else 1900
    return year


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(f"{text!r} is not a real date. {DATE_HELP}") from None


def read_date(text: str, order: str | None = None) -> dt.date | AmbiguousDate | None:
    """A date, or an ``AmbiguousDate`` when ``order`` is None and the text could be either."""
    text = text.strip()
    if not text:
        return None
    # Fast path for what most exports write: ISO dates and Salesforce timestamps.
    if (
        len(text) >= 10
        and text[4] == "-"
        and text[7] == "-"
        and (len(text) == 10 or text[10] in "T ")
    ):
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    lowered = text.lower()
    if match := _ISO.match(lowered):
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, text)
    if match := _NUMERIC.match(lowered):
        a, sep, b, year_text = match.groups()
        first, second, year = int(a), int(b), _year(year_text)
        if sep == ".":
            # Nobody writes month-first dates with dots: 01.02.2025 is 1 February.
            return _make_date(year, second, first, text)
        if order is None:
            if first > 12 >= second:
                return _make_date(year, second, first, text)
            if second > 12 >= first:
                return _make_date(year, first, second, text)
            if first > 12 and second > 12:
                raise ValueProblem(f"{text!r} is not a real date. {DATE_HELP}")
            return AmbiguousDate(first, second, year, text)
        day, month = (first, second) if order == DMY else (second, first)
        if month > 12:
            raise ValueProblem(
                f"{text!r} is not a {ORDER_NAMES[order]} date: there is no month {month}."
            )
        return _make_date(year, month, day, text)
    if match := _DAY_MONTH_NAME.match(lowered):
        day_text, month_name, year_text = match.groups()
        return _named(int(day_text), month_name, _year(year_text), text)
    if match := _MONTH_NAME_DAY.match(lowered):
        month_name, day_text, year_text = match.groups()
        return _named(int(day_text), month_name, int(year_text), text)
    raise ValueProblem(f"{text!r} is not a date. {DATE_HELP}")


def _named(day: int, month_name: str, year: int, text: str) -> dt.date:
    month = _MONTHS.get(month_name)
    if month is None:
        raise ValueProblem(f"{text!r} is not a date: {month_name!r} is not a month. {DATE_HELP}")
    return _make_date(year, month, day, text)


def date_order_shown(text: str) -> str | None:
    """The convention a value proves (``13/01/2025`` proves day-first), or None."""
    match = _NUMERIC.match(text.strip().lower())
    if not match or match.group(2) == ".":
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return DMY
    if second > 12 >= first:
        return MDY
    return None


def parse_date(text: str, order: str | None = None) -> dt.date | None:
    """A date or None for a blank; refuses ``01/02/2025`` unless ``order`` says how to read it."""
    value = read_date(text, order)
    if isinstance(value, AmbiguousDate):
        raise ValueProblem(
            f"{text!r} could be day-first or month-first; say which order the file uses."
        )
    return value


# --- Amounts --------------------------------------------------------------------------------

_SYMBOLS = {"US$": "USD", "A$": "AUD", "C$": "CAD", "€": "EUR", "£": "GBP", "₹": "INR"}
# "$" and "¥" name several currencies: they are read as amounts without claiming a currency.
_UNCLAIMED_SYMBOLS = ("$", "¥")
# An ISO code is written in capitals ("EUR 1.234,56", "1234 USD"); "12abc" is not an amount.
_CODE = re.compile(r"\A([A-Z]{3})\s*|\s*([A-Z]{3})\Z")
_PLAIN = re.compile(r"\d+(?:\.\d{1,2})?\Z")
_GROUPED_SPACES = str.maketrans("", "", " \u00a0\u202f'’")
_CENT = Decimal("0.01")
AMOUNT_LIMIT = Decimal(10) ** 14  # Deal.amount holds 16 digits, 2 after the point.


def parse_amount(text: str) -> tuple[Decimal | None, str | None]:
    """(amount, ISO currency code if the text names one); (None, None) for a blank."""
    text = text.strip()
    if not text:
        return None, None
    if _PLAIN.match(text):
        return _checked(Decimal(text), text), None
    rest, currency = text, None
    if rest.startswith(("-", "−", "(")) or rest.endswith(("-", ")")):
        raise ValueProblem(f"{text!r} is negative; deal amounts cannot be below zero.")
    for symbol, code in _SYMBOLS.items():
        if symbol in rest:
            rest, currency = rest.replace(symbol, ""), code
            break
    else:
        for symbol in _UNCLAIMED_SYMBOLS:
            rest = rest.replace(symbol, "")
    rest = rest.strip()
    if match := _CODE.search(rest):
        currency = match.group(1) or match.group(2)
        rest = _CODE.sub("", rest, count=1)
    if rest.startswith(("-", "−")):
        raise ValueProblem(f"{text!r} is negative; deal amounts cannot be below zero.")
    digits = rest.translate(_GROUPED_SPACES)
    if not digits or not set(digits) <= set("0123456789.,") or not digits[0].isdigit():
        raise ValueProblem(f"{text!r} is not an amount. Use a number such as 12500 or 12,500.00.")
    return _checked(_number(digits, text), text), currency


def _number(digits: str, text: str) -> Decimal:
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        whole, _, fraction = digits.rpartition(decimal_mark)
        if thousands in fraction or decimal_mark in whole:
            raise ValueProblem(f"{text!r} mixes up its separators; it is not an amount.")
        return _decimal(_ungroup(whole, thousands, text), fraction, text)
    separator = "," if commas else "." if dots else ""
    if not separator:
        return _decimal(digits, "", text)
    if digits.count(separator) > 1:
        return _decimal(_ungroup(digits, separator, text), "", text)
    whole, _, fraction = digits.partition(separator)
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        return _decimal(whole + fraction, "", text)
    return _decimal(whole, fraction, text)


def _ungroup(whole: str, separator: str, text: str) -> str:
    groups = whole.split(separator)
    # 1,234,567 and the Indian 12,34,567 are fine; 1,23 or 1,,234 is a typing error.
    if not groups[0] or len(groups[0]) > 3 or any(len(g) not in (2, 3) for g in groups[1:]):
        raise ValueProblem(f"{text!r} has misplaced thousands separators; it is not an amount.")
    return "".join(groups)


def _decimal(whole: str, fraction: str, text: str) -> Decimal:
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueProblem(f"{text!r} is not an amount. Use a number such as 12500 or 12,500.00.")
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:
        raise ValueProblem(f"{text!r} is not an amount.") from None


def _checked(amount: Decimal, text: str) -> Decimal:
    if amount >= AMOUNT_LIMIT:
        raise ValueProblem(f"{text!r} is too large for an amount (at most 14 digits).")
    # Stored to the cent, as the CRM shows it. Read from digits, the amount is finite: its
    # exponent is a number, never NaN's or infinity's letter.
    exponent = amount.as_tuple().exponent
    return (
        amount.quantize(_CENT, rounding=ROUND_HALF_UP)
        if isinstance(exponent, int) and exponent < -2
        else amount
    )


# --- Yes/no ---------------------------------------------------------------------------------

_TRUE = frozenset({"1", "true", "t", "yes", "y", "x", "checked"})
_FALSE = frozenset({"", "0", "false", "f", "no", "n"})


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueProblem(f"{text!r} is not yes or no. Use 1 or blank, TRUE/FALSE, or Yes/No.")
