"""The one error an import raises, and the row-level problems it reports."""

from dataclasses import asdict, dataclass
from typing import Any


class ImportFailed(Exception):
    """The file as a whole cannot be imported; the message says why, for the person importing."""


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


class ValueProblem(ValueError):
    """A cell that cannot be read as what its column holds (turned into a ``RowError``)."""
