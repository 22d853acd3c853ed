"""A file's date convention: day first or month first, shown by the file or declared.

``03/04/2025`` is 3 April or 4 March. A file settles it when some date has a part above 12
(``13/04/2025``); the person settles it by declaring the order. Never guessed: a file that
stays ambiguous is refused with a question, and one that writes dates both ways is refused
naming a row of each.
"""

from typing import Any

from .errors import ImportFailed, RowError, ValueProblem
from .values import DMY, MDY, ORDER_NAMES, AmbiguousDate, date_order_shown, read_date


class DateConvention:
    def __init__(self, order: str | None) -> None:
        self.order = order
        self.evidence: dict[str, tuple[int, str]] = {}  # order -> the first row showing it
        self.ambiguous: tuple[int, str] | None = None

    def read(self, number: int, text: str, header: str, problems: list[RowError]) -> Any:
        """A date, an ``AmbiguousDate`` or None; an unreadable one adds a problem."""
        try:
            value = read_date(text, self.order)
        except ValueProblem as problem:
            problems.append(RowError(number, header, text, str(problem)))
            return None
        text = text.strip()
        if self.order is None and value is not None and not (len(text) >= 10 and text[4] == "-"):
            if shown := date_order_shown(text):
                self.evidence.setdefault(shown, (number, text))
            elif isinstance(value, AmbiguousDate):
                self.ambiguous = self.ambiguous or (number, text)
        return value

    def settle(self) -> str | None:
        """The file's date convention; refuses a file that is ambiguous or contradicts itself."""
        if self.order is not None:
            return self.order
        if len(self.evidence) == 2:
            (row_a, text_a), (row_b, text_b) = self.evidence[DMY], self.evidence[MDY]
            raise ImportFailed(
                f"The dates disagree: row {row_a} has {text_a!r} ({ORDER_NAMES[DMY]}) and row "
                f"{row_b} has {text_b!r} ({ORDER_NAMES[MDY]}). Say which order the file uses; "
                "the rows written the other way will be listed."
            )
        if self.evidence:
            return next(iter(self.evidence))
        if self.ambiguous:
            row, text = self.ambiguous
            raise ImportFailed(
                f"The dates could be day-first or month-first (row {row} has {text!r}, and no "
                "date in the file settles it). Say which order the file uses: "
                f"{DMY} ({ORDER_NAMES[DMY]}) or {MDY} ({ORDER_NAMES[MDY]})."
            )
        return None
