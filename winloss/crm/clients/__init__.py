"""One module per CRM, each reading records through its vendor's client library into
``Fetched``: plain rows under the CRM's own field names, which ``sync`` hands to the imports.

Each reader has ``fetch(since)`` (everything changed after the cursor, and the deals deleted
since), ``fetch_deals(ids)`` (only the deals a CRM's call named, with their accounts, contacts
and competitors; a named deal the CRM has deleted is listed in ``deleted``) and
``update_deal``, the write-back's one write."""

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
    # CRM ids of deals the CRM says were deleted (Salesforce's delete log, HubSpot's archive).
    deleted: list[str] = field(default_factory=list)

    def saw(self, moment: dt.datetime | None) -> None:
        if moment is not None and (self.newest is None or moment > self.newest):
            self.newest = moment
