"""One module per CRM, each reading changed records through its vendor's client library into
``Fetched``: plain rows under the CRM's own field names, which ``sync`` hands to the imports."""

import datetime as dt
from dataclasses import dataclass, field

from winloss.lib.errors import DomainError


class CrmError(DomainError):
    """The CRM could not be read; the message is for the workspace admin (no traceback)."""


@dataclass
class Records:
    """One object's changed records: the rows (field name -> value) and what a person calls
    one ("Opportunity", "deal"), so an error can name the record."""

    label: str
    id_field: str
    rows: list[dict] = field(default_factory=list)


@dataclass
class Fetched:
    accounts: Records
    deals: Records
    competitors: Records
    contacts: Records
    # How the CRM's deal fields map to the import's deal fields (``deals.imports.FIELDS``).
    deal_columns: dict[str, str]
    newest: dt.datetime | None = None  # the latest modification seen: the next cursor

    def saw(self, moment: dt.datetime | None) -> None:
        if moment is not None and (self.newest is None or moment > self.newest):
            self.newest = moment
