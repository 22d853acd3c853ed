"""Second pass: upsert checked records into the workspace's deals, a chunk at a time.

Per chunk: one query for the deals already there (by CRM id), one or two to create the
accounts and competitors the chunk names for the first time, one ``executemany`` for the new
deals and one per set of changed fields for the others. Comparing happens in Python, so a
re-import of the same file writes nothing. Only the fields the file has a column for are
compared and written: an export without a region column does not wipe the regions.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from winloss.deals.models import CLOSED_OUTCOMES, Deal
from winloss.lib.sql import adapter, insert_rows, update_rows

from .errors import Warnings
from .formats import Mapping
from .lookups import Lookups
from .records import AT, unpacked

_CLOSED = frozenset(o.value for o in CLOSED_OUTCOMES)
_SIMPLE = ("name", "outcome", "stage", "amount", "created_date", "close_date", "owner_name",
           "owner_email", "product", "product_line", "region", "industry", "tier",
           "rep_stated_reason", "open_dispute")  # fmt: skip
_LOOKED_UP = ("account_id", "owner_id", "primary_competitor_id")
_TYPED = ("amount", "created_date", "close_date")
_INHERITED = ("industry", "tier")  # copied from the account onto a new deal without them
_DEFAULTS = {
    f.attname: f.get_default()
    for f in Deal._meta.concrete_fields
    if not f.primary_key and f.attname not in ("workspace_id", "crm_id")
}
_NAME_LENGTH = Deal._meta.get_field("name").max_length
_ID, _ROW, _CURRENCY, _PRODUCT = AT["crm_id"], AT["row"], AT["currency"], AT["product"]


def managed_fields(mapping: Mapping) -> list[str]:
    """The deal attributes this file decides (compared and written on every import)."""
    has = mapping.has
    fields = ["outcome"]
    fields += [n for n in _SIMPLE if n != "outcome" and n in mapping.columns.values()]
    if has("account") or has("account_crm_id"):
        fields.append("account_id")
    if has("currency"):
        fields.append("currency")
    if has("owner_name") or has("owner_email"):
        fields.append("owner_id")
    if has("competitor"):
        fields.append("primary_competitor_id")
    if any(has(n) for n in ("lost_reason", "won_reason", "rep_stated_reason")):
        fields.append("rep_stated_reason")
    return list(dict.fromkeys(fields))


class DealWriter:
    """Upserts chunks of checked records; counts what it did."""

    def __init__(
        self, *, workspace, mapping: Mapping, date_order: str | None, warnings: Warnings
    ) -> None:
        self.workspace = workspace
        self.mapping = mapping
        self.order = date_order
        self.warnings = warnings
        self.managed = managed_fields(mapping)
        self.lookups = Lookups(workspace, mapping)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.created = self.updated = self.unchanged = 0
        # A file never names a deal twice (the first pass drops repeats), so when the
        # workspace starts empty no chunk can meet a deal already there: skip looking.
        self.had_deals = Deal.objects.filter(workspace=workspace).exists()
        self.fetched = ["pk", "crm_id", *dict.fromkeys([*self.managed, "currency",
                        "created_date", "close_date"])]  # fmt: skip
        self.getters = [(n, self._getter(n)) for n in self.managed if n in (*_LOOKED_UP, *_TYPED)]
        self.plain = [(n, AT[n]) for n in self.managed if n not in (*_LOOKED_UP, *_TYPED)]
        self._prepare_inserts()

    def _prepare_inserts(self) -> None:
        """New rows are built straight from records into driver-ready values (the hot path)."""
        self.insert_columns = ["workspace_id", "crm_id", *_DEFAULTS]
        position = {name: i for i, name in enumerate(self.insert_columns)}
        self.position = position
        self.template = [self.workspace.pk, "", *_DEFAULTS.values()]
        stamp = adapter(Deal, "created")(self.now)
        self.template[position["created"]] = self.template[position["updated"]] = stamp
        self.copied = [(position[n], at) for n, at in self.plain]
        self.looked_up = [(position[n], get) for n, get in self.getters if n in _LOOKED_UP]
        self.amount_at = position["amount"] if "amount" in self.managed else None
        # SQLite takes the amount's text as it is (what Django's Decimal adapter sends).
        to_amount = adapter(Deal, "amount")
        self.amount_value = (
            (lambda text: text)
            if connection.vendor == "sqlite"
            else (lambda t: to_amount(Decimal(t)))
        )
        self.date_value = adapter(Deal, "close_date")
        self.date_cache: dict[int, Any] = {}
        self.created_managed = "created_date" in self.managed
        self.currency_at = position["currency"]
        self.close_managed = "close_date" in self.managed

    def _getter(self, name: str):
        """How to read one field's new value from a record (chosen once, used per row)."""
        lookups, order = self.lookups, self.order
        if name == "account_id":
            at_name, at_id = AT["account"], AT["account_crm_id"]
            return lambda r: lookups.account_for(r[at_name] or "", r[at_id] or "")
        if name == "owner_id":
            at_email, at_name = AT["owner_email"], AT["owner_name"]
            return lambda r: lookups.owner_for(r[at_email], r[at_name])
        if name == "primary_competitor_id":
            at = AT["competitor"]
            return lambda r: lookups.competitors.get(r[at].casefold()) if r[at] else None
        at = AT[name]
        if name == "amount":
            return lambda r: None if r[at] is None else Decimal(r[at])
        return lambda r: unpacked(r[at], order)

    def write(self, chunk: list[tuple]) -> None:
        lookups, mapping = self.lookups, self.mapping
        if mapping.has("account") or mapping.has("account_crm_id"):
            lookups.add_accounts(chunk)
        if mapping.has("competitor"):
            lookups.add_competitors(chunk)
        existing = {}
        if self.had_deals:
            existing = {
                row[1]: row
                for row in Deal.objects.filter(
                    workspace=self.workspace, crm_id__in=[r[_ID] for r in chunk]
                ).values_list(*self.fetched)
            }
        inserts: list[list[Any]] = []
        updates: dict[tuple[str, ...], list[list[Any]]] = {}
        for record in chunk:
            before = existing.get(record[_ID])
            if before is None:
                inserts.append(self._new_row(record))
                continue
            changed = self._changes(record, dict(zip(self.fetched, before, strict=True)))
            if not changed:
                self.unchanged += 1
                continue
            names = tuple(sorted(changed))
            updates.setdefault(names, []).append(
                [*(changed[n] for n in names), self.now, before[0]]
            )
        insert_rows(Deal, self.insert_columns, inserts, prepared=True)
        self.created += len(inserts)
        for names, rows in updates.items():
            update_rows(Deal, [*names, "updated"], rows)
            self.updated += len(rows)

    def _new_row(self, record: tuple) -> list[Any]:
        """The INSERT values for a new deal, ready for the database driver."""
        row = self.template.copy()
        row[1] = record[_ID]
        for index, at in self.copied:
            row[index] = record[at]
        for index, get in self.looked_up:
            row[index] = get(record)
        position = self.position
        if record[_CURRENCY]:
            row[self.currency_at] = record[_CURRENCY]
        if self.amount_at is not None and record[AT["amount"]] is not None:
            row[self.amount_at] = self.amount_value(record[AT["amount"]])
        account_id = row[position["account_id"]]
        account = self.lookups.account_info.get(account_id) if account_id else None
        if "name" not in self.managed:
            parts = [p for p in (account[0] if account else "", record[_PRODUCT]) if p]
            row[position["name"]] = (" — ".join(parts) if parts else record[_ID])[:_NAME_LENGTH]
        if account:
            for index, name in enumerate(_INHERITED, start=1):
                if name not in self.managed and account[index]:
                    row[position[name]] = account[index]
        created = self._ordinal(record[AT["created_date"]]) if self.created_managed else None
        closed = self._ordinal(record[AT["close_date"]]) if self.close_managed else None
        undated = closed is None and not self.close_managed and record[AT["outcome"]] in _CLOSED
        if undated or (created and closed and closed < created):
            dates = {
                "outcome": record[AT["outcome"]],
                "created_date": created and dt.date.fromordinal(created),
                "close_date": closed and dt.date.fromordinal(closed),
            }
            self._dates(record[_ROW], dates, dates, close_managed=self.close_managed)
            created = dates["created_date"] and dates["created_date"].toordinal()
            closed = dates["close_date"] and dates["close_date"].toordinal()
        row[position["created_date"]] = self._date_value(created)
        row[position["close_date"]] = self._date_value(closed)
        return row

    def _ordinal(self, packed: Any) -> int | None:
        if packed is None or isinstance(packed, int):
            return packed
        return packed.resolve(self.order).toordinal()  # an AmbiguousDate

    def _date_value(self, ordinal: int | None) -> Any:
        if ordinal is None:
            return None
        value = self.date_cache.get(ordinal)
        if value is None:
            value = self.date_cache[ordinal] = self.date_value(dt.date.fromordinal(ordinal))
        return value

    def _changes(self, record: tuple, before: dict[str, Any]) -> dict:
        """The managed fields whose value in the file differs from the stored deal's."""
        values = {name: record[at] for name, at in self.plain}
        for name, get in self.getters:
            values[name] = get(record)
        if record[_CURRENCY]:  # a currency column, or a code written in the amount
            values["currency"] = record[_CURRENCY]
        after = {**before, **values}
        self._dates(record[_ROW], after, values, close_managed="close_date" in values)
        return {n: v for n, v in values.items() if before.get(n) != v}

    def _dates(self, row: int, merged: dict, target: dict, *, close_managed: bool) -> None:
        """Keep the table's date rules: a closed deal has a close date, on or after it opened."""
        if merged["outcome"] in _CLOSED and merged.get("close_date") is None and not close_managed:
            merged["close_date"] = target["close_date"] = self.today
            self.warnings.row(
                "close_date_fallback",
                row,
                "closed deals without a close date column were given today's date as their "
                "close date; import a file with close dates to correct it",
            )
        created, closed = merged.get("created_date"), merged.get("close_date")
        if created and closed and closed < created:
            # Salesforce's CreatedDate is when the record was made (often a migration), not
            # when the deal opened; the close date is what scoping and sampling use.
            merged["created_date"] = target["created_date"] = None
            self.warnings.row(
                "created_after_close",
                row,
                "the opened date is after the close date, so the opened date was left empty",
            )
