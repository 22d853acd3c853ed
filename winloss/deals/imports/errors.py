"""The one error an import raises, and the row-level problems it reports."""

from dataclasses import asdict, dataclass
from typing import Any

from winloss.lib.errors import DomainError, ImportFailed

__all__ = ["ImportFailed", "RejectedRow", "RowError", "reasons"]


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one cell, placed where the person will look for it.

    ``row`` is the row number a spreadsheet shows: the header is row 1, the first deal row 2.
    """

    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


def reasons(problems: list[RowError]) -> str:
    """A row's problems in one cell: "column: message (value)", each after the other."""
    parts = []
    for problem in problems:
        text = f"{problem.column}: {problem.message}" if problem.column else problem.message
        parts.append(f"{text} ({problem.value})" if problem.value else text)
    return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row an import left out, as the file had it, so it can be handed back to be fixed."""

    row: int
    cells: list[str]
    reasons: str


class ValueProblem(DomainError, ValueError):
    """A cell that cannot be read as what its column holds (turned into a ``RowError``)."""


class Warnings:
    """Things the import did that the person should know, grouped so 19 rows make one line."""

    SHOWN_ROWS = 5

    def __init__(self) -> None:
        self._groups: dict[str, tuple[str, list[int], list[int]]] = {}
        self._plain: list[str] = []

    def add(self, message: str) -> None:
        if message not in self._plain:
            self._plain.append(message)

    def row(self, key: str, row: int, message: str) -> None:
        """Record ``row`` under ``message``; the message reads after "N rows: "."""
        _, rows, count = self._groups.setdefault(key, (message, [], [0]))
        count[0] += 1
        if len(rows) < self.SHOWN_ROWS:
            rows.append(row)

    def as_list(self) -> list[str]:
        lines = list(self._plain)
        for message, rows, (count,) in self._groups.values():
            shown = ", ".join(str(r) for r in rows) + (" …" if count > len(rows) else "")
            noun = "row" if count == 1 else "rows"
            lines.append(f"{count} {noun}: {message} ({noun} {shown}).")
        return lines
