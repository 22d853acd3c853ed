"""Writing a companion file's rows: accounts, then the deals that carry account, team and
product values; or a deal's competitors and contacts (``related``). One transaction and one
log entry per file (see ``enrich``)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.deals.models import Account, Deal
from winloss.deals.signals import contacts_linked
from winloss.lib.sql import update_rows

from .related import attach_competitors, attach_contacts
from .run import ImportResult

KINDS = {
    "accounts": "accounts",
    "teams": "sales teams",
    "products": "product lines",
    "competitors": "deal competitors",
    "contacts": "deal contacts",
}
_ACTIONS = {"competitors": "deals.competitors_imported", "contacts": "deals.contacts_imported"}


@dataclass
class CompanionRow:
    number: int
    values: dict
    cells: list[str] = field(default_factory=list)  # as the file had them, for rejected rows


def _tier(revenue) -> str:
    millions = revenue / 1_000_000
    return "Enterprise" if millions >= 1000 else "Mid-market" if millions >= 100 else "SMB"


@transaction.atomic
def apply(*, workspace, kind, rows, result: ImportResult, user, actor, file_name) -> None:
    now = timezone.now()
    if kind == "accounts":
        _apply_accounts(workspace, rows, result, now)
    elif kind == "competitors":
        attach_competitors(
            workspace=workspace, rows=rows, result=result, user=user, actor=actor, now=now
        )
    elif kind == "contacts":
        attach_contacts(workspace=workspace, rows=rows, result=result, now=now)
    else:
        _apply_to_deals(workspace, kind, rows, result, now)
    if result.dry_run:
        transaction.set_rollback(True)
        return
    result.saved = True
    if kind == "contacts":
        deal_ids = sorted({row.values["deal_id"] for row in rows})
        transaction.on_commit(
            lambda: contacts_linked.send(sender=Deal, deal_ids=deal_ids, user=user)
        )
    log_action(
        workspace,
        _ACTIONS.get(kind, "deals.enriched"),
        user=user,
        actor=actor,
        data={
            "what": KINDS[kind],
            "file": file_name or "a file",
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deals_updated": result.deals_updated,
            "rejected": result.rejected,
            **({"competitors_created": result.competitors_created} if kind == "competitors"
               else {}),
        },
    )  # fmt: skip


_ACCOUNT_FIELDS = ("industry", "country", "region", "tier", "employees", "annual_revenue",
                   "parent_name")  # fmt: skip


def _apply_accounts(workspace, rows: list[CompanionRow], result: ImportResult, now) -> None:
    accounts = list(Account.objects.filter(workspace=workspace))
    by_id = {a.crm_id: a for a in accounts if a.crm_id}
    by_name = {a.name.casefold(): a for a in accounts}
    new: list[Account] = []
    changed: dict[int, tuple[Account, set[str]]] = {}  # pk -> the account, its changed fields
    seen: dict[int, Account] = {}
    for row in rows:
        values = dict(row.values)
        millions, units = values.pop("revenue_millions", None), values.pop("revenue", None)
        revenue = millions if millions is not None else units
        if revenue is not None:
            values["annual_revenue"] = revenue
            if not values.get("tier"):
                values["tier"] = _tier(revenue)
        crm_id, name = values.pop("crm_id", ""), values.pop("name")
        account = by_id.get(crm_id) if crm_id else None
        account = account or by_name.get(name.casefold())
        if account is None:
            account = Account(workspace=workspace, name=name, crm_id=crm_id or "")
            new.append(account)
            by_name[name.casefold()] = account
        seen[id(account)] = account
        # A deal file that had only AccountId named the account by its id: the real name wins.
        fields = {k: v for k, v in values.items() if k in _ACCOUNT_FIELDS and v not in ("", None)}
        if account.pk and crm_id and account.name == crm_id and name != crm_id:
            fields["name"] = name
        diff = {k: v for k, v in fields.items() if getattr(account, k) != v}
        for key, value in fields.items():
            setattr(account, key, value)
        if account.pk and diff:
            changed[account.pk] = (account, set(diff) | changed.get(account.pk, (None, set()))[1])
        elif account.pk:
            result.unchanged += 1
    Account.objects.bulk_create(new, batch_size=500)
    result.created = len(new)
    for account, _ in changed.values():
        account.version += 1
        account.updated = now
    names = sorted({n for _, fields in changed.values() for n in fields} | {"version", "updated"})
    Account.objects.bulk_update([a for a, _ in changed.values()], names, batch_size=500)
    result.updated = len(changed)
    # Deals carry their account's industry and tier (samples are drawn on deal fields); an
    # account without one leaves its deals' own value alone.
    touched = [a.pk for a in seen.values() if a.pk]
    updates = []
    for start in range(0, len(touched), 2000):
        stale = Deal.objects.filter(
            workspace=workspace, account__in=touched[start : start + 2000]
        ).exclude(industry=F("account__industry"), tier=F("account__tier"))
        for pk, industry, tier, account_industry, account_tier in stale.values_list(
            "pk", "industry", "tier", "account__industry", "account__tier"
        ):
            target = (account_industry or industry, account_tier or tier)
            if target != (industry, tier):
                updates.append((pk, *target))
    result.deals_updated = _copy_to_deals(updates, ("industry", "tier"), now)


def _apply_to_deals(
    workspace, kind: str, rows: list[CompanionRow], result: ImportResult, now
) -> None:
    key, source = ("owner_name", "agent") if kind == "teams" else ("product", "product")
    wanted = {_squash(row.values[source]): row.values for row in rows}
    # Distinct values in the workspace are few (reps, products); match them in Python so
    # "GTXPro" finds "GTX Pro" and case never matters.
    present = Deal.objects.filter(workspace=workspace).values_list(key, flat=True).distinct()
    matched = {value: wanted[_squash(value)] for value in present if _squash(value) in wanted}
    unmatched = len(wanted) - len({_squash(v) for v in matched})
    if unmatched:
        result.warnings.append(f"{unmatched} of {len(wanted)} {kind} match no deal yet.")
    # The values each matched one sets, in the order of the fields they go to.
    targets: dict[str, tuple[str, ...]]
    fields: tuple[str, ...]
    if kind == "teams":
        targets = {
            v: (f"{row['manager']}'s team" if row.get("manager") else "", row.get("region", ""))
            for v, row in matched.items()
        }
        fields = ("owner_team", "region")
    else:
        targets = {v: (row["product_line"],) for v, row in matched.items()}
        fields = ("product_line",)
    deals = Deal.objects.filter(workspace=workspace, **{f"{key}__in": list(targets)})
    updates, changed = [], set()
    for pk, value, *current in deals.values_list("pk", key, *fields):
        if tuple(current) != targets[value]:
            updates.append((pk, *targets[value]))
            changed.add(_squash(value))
    result.deals_updated = _copy_to_deals(updates, fields, now)
    result.updated = len(changed)
    result.unchanged = len({_squash(v) for v in matched}) - len(changed)


def _copy_to_deals(rows, fields: tuple[str, ...], now) -> int:
    prepared = [[*values, now, pk] for pk, *values in rows]
    for start in range(0, len(prepared), 2000):
        update_rows(Deal, [*fields, "updated"], prepared[start : start + 2000])
    return len(prepared)


def _squash(name: str) -> str:
    return "".join(name.split()).casefold()
