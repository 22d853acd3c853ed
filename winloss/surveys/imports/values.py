"""Reading one survey answer from a cell, as survey tools write them: a number, or the
label of a point on the scale ("Very important", "10 - Extremely likely")."""

import re

from winloss.deals.imports.errors import ValueProblem

_LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.0+)?)\b")
# Five-point labels as survey tools word them, lowest first (case and spacing ignored).
SCALES = (
    ("not at all important", "slightly important", "moderately important", "very important",
     "extremely important"),
    ("not important", "somewhat unimportant", "neutral", "somewhat important", "very important"),
    ("very poor", "poor", "fair", "good", "excellent"),
    ("very poor", "poor", "average", "good", "very good"),
    ("poor", "fair", "good", "very good", "excellent"),
)  # fmt: skip
_LABELS: dict[str, int] = {}
for _scale in SCALES:
    for _point, _label in enumerate(_scale, start=1):
        _LABELS.setdefault(_label, _point)
SKIPPED = {"", "n/a", "na", "not applicable", "don't know", "dont know", "-99"}


def rating(cell: str) -> int | None:
    """1–5, or None when the buyer skipped it."""
    return _number(cell, low=1, high=5, scale="1 to 5 or a label such as “Very important”")


def score(cell: str) -> int | None:
    """0–10, or None when skipped."""
    return _number(cell, low=0, high=10, scale="0 to 10")


def _number(cell: str, *, low: int, high: int, scale: str) -> int | None:
    text = cell.strip()
    if text.casefold() in SKIPPED:
        return None
    match = _LEADING_NUMBER.match(text)
    if match:
        value = int(float(match.group(1)))
    elif high == 5 and text.casefold() in _LABELS:
        value = _LABELS[text.casefold()]
    else:
        raise ValueProblem(f"should be {scale}")
    if not low <= value <= high:
        raise ValueProblem(f"should be {scale}")
    return value


def finished(cell: str) -> bool:
    """Qualtrics' Finished column: True/False, 1/0."""
    return cell.strip().casefold() not in {"false", "0", "no"}


def preview(cell: str) -> bool:
    """Qualtrics' Status column: a preview or a test, not a buyer's answer."""
    return cell.strip().casefold() in {"survey preview", "survey test", "spam", "1", "8"}
