"""Deals sent as JSON (the bulk API), imported exactly as a file's rows would be.

Each deal is an object of deal fields (``formats.FIELDS``: ``crm_id``, ``name``, ``outcome``
or ``stage``, ``close_date``, ``amount``, …); the objects become the rows of a table whose
columns are the fields, and ``import_deals`` checks and saves them, so the API and file imports
accept and refuse the same values with the same messages.
"""

from typing import Any

from winloss.lib.tables.reading import values_table

from .errors import ImportFailed
from .formats import FIELDS
from .run import ImportResult, import_deals

MAX_DEALS = 5_000


def import_deal_values(
    *,
    workspace,
    deals: list[dict[str, Any]],
    user=None,
    valid_only: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import ``deals``; ``ImportFailed`` when the request as a whole cannot be (no deals,
    too many, fields that are not deal fields, no CRM ids)."""
    if not deals:
        raise ImportFailed("Send at least one deal in `deals`.")
    if len(deals) > MAX_DEALS:
        raise ImportFailed(
            f"{len(deals):,} deals were sent; send at most {MAX_DEALS:,} in one request."
        )
    fields = list(dict.fromkeys(name for deal in deals for name in deal))
    unknown = [name for name in fields if name not in FIELDS]
    if unknown:
        raise ImportFailed(f"Not deal fields: {', '.join(unknown)}. Fields: {', '.join(FIELDS)}.")
    if "crm_id" not in fields:
        # A file without ids gets ids from its content; a caller updating deals needs its own.
        raise ImportFailed("Every deal needs its `crm_id`.")
    rows = [[deal.get(name) for name in fields] for deal in deals]
    return import_deals(
        workspace=workspace,
        source=values_table(fields, rows),
        user=user,
        file_name="the API",
        file_format="csv",
        mapping={name: name for name in fields},
        dry_run=dry_run,
        valid_only=valid_only,
    )
