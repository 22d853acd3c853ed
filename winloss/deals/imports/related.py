"""Salesforce's related objects: the competitors each deal met, and who took part in it.

Two companion files (``enrich``) that add to opportunities already imported, matched by the
opportunity's CRM id; a row naming an opportunity the workspace lacks is an error:

* OpportunityCompetitor (``OpportunityId, CompetitorName, …``): each name is matched to a
  competitor of the workspace (``matching``: case, punctuation, legal suffixes and aliases set
  aside). A name that matches none becomes a new competitor; a near name is only suggested.
  Every competitor is recorded on the deal (``Deal.competitors``), and a deal without a
  primary competitor takes its first.
* OpportunityContactRole (``OpportunityId, ContactId, Role, IsPrimary, …``, with the contact's
  name, email and title when the export joins them): contacts are found by CRM id, else by
  email within the deal's account, created or updated, and attached to the deal. The
  Salesforce role becomes a ``DecisionRole``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Length

from winloss.deals.matching import CompetitorIndex
from winloss.deals.models import Contact, Deal, DecisionRole
from winloss.deals.services import create_competitor
from winloss.lib.sql import update_rows

from .errors import RejectedRow, RowError, reasons
from .records import MAX_KEPT_REJECTS
from .run import ImportResult

RELATED_KINDS = ("competitors", "contacts")
_BATCH = 500

# Salesforce's standard contact roles, and common custom ones (compared case-folded).
_ROLES = {
    "decision maker": DecisionRole.EXECUTIVE_SPONSOR,
    "economic buyer": DecisionRole.EXECUTIVE_SPONSOR,
    "economic decision maker": DecisionRole.EXECUTIVE_SPONSOR,
    "executive sponsor": DecisionRole.EXECUTIVE_SPONSOR,
    "evaluator": DecisionRole.EVALUATOR,
    "technical buyer": DecisionRole.EVALUATOR,
    "technical evaluator": DecisionRole.EVALUATOR,
    "influencer": DecisionRole.EVALUATOR,
    "business user": DecisionRole.USER,
    "user": DecisionRole.USER,
    "end user": DecisionRole.USER,
}
_PROCUREMENT_WORDS = ("procure", "purchas", "sourcing")
# Nearest the decision first: the order ``DecisionRole`` lists them in.
_SENIORITY = list(DecisionRole)


def decision_role(text: str) -> str | None:
    """The ``DecisionRole`` a Salesforce contact role stands for; None when the file gives none."""
    role = " ".join(text.split()).casefold()
    if not role:
        return None
    if role in _ROLES:
        return _ROLES[role]
    if any(word in role for word in _PROCUREMENT_WORDS):
        return DecisionRole.PROCUREMENT
    return DecisionRole.OTHER


def find_deals(*, workspace, rows: list, header: str, result: ImportResult) -> list:
    """The rows whose opportunity is a deal of the workspace, each given its ``deal_id``; the
    others become errors naming the row, the column and the id."""
    deals = _deals_by_crm_id(workspace, {row.values["opportunity"] for row in rows})
    kept = []
    for row in rows:
        deal_id = deals.get(row.values["opportunity"])
        if deal_id is not None:
            row.values["deal_id"] = deal_id
            kept.append(row)
            continue
        problem = RowError(
            row.number,
            header,
            row.values["opportunity"],
            "No deal of this workspace has this opportunity id: import the opportunities first.",
        )
        result.errors.append(problem)
        if len(result.rejected_rows) < MAX_KEPT_REJECTS:
            result.rejected_rows.append(RejectedRow(row.number, row.cells, reasons([problem])))
    result.errors.sort(key=lambda e: e.row)
    result.rejected_rows.sort(key=lambda r: r.row)
    return kept


def _deals_by_crm_id(workspace, ids: set[str]) -> dict[str, int]:
    # Data Loader writes 18-character ids, reports the 15-character form: the same record,
    # the first 15 characters of the long id. Either file finds deals imported from the other.
    wanted = sorted(ids | {i[:15] for i in ids if len(i) == 18})
    found: dict[str, int] = {}
    deals = Deal.objects.filter(workspace=workspace)
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        found.update(deals.filter(crm_id__in=chunk).values_list("crm_id", "pk"))
    short = {i for i in ids if len(i) == 15 and i not in found}
    if short:
        long_ids = deals.annotate(n=Length("crm_id")).filter(n=18).values_list("crm_id", "pk")
        found.update((crm_id[:15], pk) for crm_id, pk in long_ids if crm_id[:15] in short)
    return {
        i: found[i] if i in found else found[i[:15]] for i in ids if i in found or i[:15] in found
    }


def _values_by_pk(queryset: QuerySet, pks: Iterable[int], *fields: str) -> dict[int, list[Any]]:
    ordered = sorted(pks)
    out: dict[int, list[Any]] = {}
    for start in range(0, len(ordered), _BATCH):
        chunk = queryset.filter(pk__in=ordered[start : start + _BATCH])
        out.update((pk, rest) for pk, *rest in chunk.values_list("pk", *fields))
    return out


def _links(through, deal_ids, column: str) -> set[tuple[int, int]]:
    ids, out = sorted(deal_ids), set()
    for start in range(0, len(ids), _BATCH):
        chunk = through.objects.filter(deal_id__in=ids[start : start + _BATCH])
        out.update(chunk.values_list("deal_id", column))
    return out


def attach_competitors(*, workspace, rows: list, result: ImportResult, user, actor, now) -> None:
    index = CompetitorIndex(workspace)
    primaries = {
        pk: primary
        for pk, (primary,) in _values_by_pk(
            Deal.objects.all(), {r.values["deal_id"] for r in rows}, "primary_competitor_id"
        ).items()
    }
    through = Deal.competitors.through
    existing = _links(through, primaries, "competitor_id")
    added: dict[tuple[int, int], None] = {}
    chosen: dict[int, int] = {}  # deal -> its new primary competitor
    new_names: list[str] = []
    for row in rows:
        name, deal_id = row.values["competitor"], row.values["deal_id"]
        competitor_id = index.resolve(name)
        if competitor_id is None:
            near = [s for s in index.suggest(name) if not s.exact]
            competitor = create_competitor(workspace=workspace, user=user, actor=actor, name=name)
            index.add(competitor.pk, competitor.name)
            competitor_id = competitor.pk
            new_names.append(name)
            if near:
                result.warnings.append(
                    f"Row {row.number}: {name!r} may be {near[0].name} ({near[0].score:.0f}% "
                    f"alike); if it is, merge it into {near[0].name} under Competitors."
                )
        # OpportunityCompetitor has no "primary" flag. A deal's own primary competitor (from
        # the deal export, or set by a person) stays; one without takes its first row's, so
        # the file's order decides and importing the same file again decides the same way.
        took_primary = primaries[deal_id] is None and deal_id not in chosen
        if took_primary:
            chosen[deal_id] = competitor_id
        pair = (deal_id, competitor_id)
        if pair not in existing and pair not in added:
            added[pair] = None
            result.created += 1
        elif took_primary:
            result.updated += 1
        else:
            result.unchanged += 1
    through.objects.bulk_create(
        [through(deal_id=d, competitor_id=c) for d, c in added], batch_size=_BATCH
    )
    primary_rows = [[competitor, now, deal] for deal, competitor in chosen.items()]
    update_rows(Deal, ["primary_competitor_id", "updated"], primary_rows)
    result.deals_updated = len({d for d, _ in added} | chosen.keys())
    result.competitors_created = len(new_names)
    if new_names:
        shown = ", ".join(new_names[:10]) + (" …" if len(new_names) > 10 else "")
        were = "new competitor was" if len(new_names) == 1 else "new competitors were"
        result.warnings.insert(0, f"{len(new_names)} {were} added: {shown}.")


@dataclass
class _Wanted:
    """What the file says of one contact, gathered over its rows."""

    contact: Contact
    values: dict = field(default_factory=dict)
    roles: set = field(default_factory=set)
    deals: list = field(default_factory=list)


_CONTACT_FIELDS = ("crm_id", "name", "email", "title", "phone")


def attach_contacts(*, workspace, rows: list, result: ImportResult, now) -> None:
    deal_accounts = {
        pk: account
        for pk, (account,) in _values_by_pk(
            Deal.objects.all(), {r.values["deal_id"] for r in rows}, "account_id"
        ).items()
    }
    contacts = list(Contact.objects.filter(workspace=workspace).order_by("pk"))
    by_id = {c.crm_id: c for c in contacts if c.crm_id}
    by_email: dict[tuple[int | None, str], Contact] = {}
    for saved in contacts:
        if saved.email:
            by_email.setdefault((saved.account_id, saved.email.casefold()), saved)
            by_email.setdefault((None, saved.email.casefold()), saved)
    wanted: dict[int, _Wanted] = {}  # id(contact) -> what the file says of it
    # IsPrimary rows first: new contacts are created in this order, and the sample, which
    # approaches the contact nearest the decision, takes the longest known among equals.
    for row in sorted(rows, key=lambda r: not r.values.get("primary")):
        values, account_id = row.values, deal_accounts[row.values["deal_id"]]
        crm_id, email = values.get("contact_crm_id", ""), values.get("email", "")
        contact = by_id.get(crm_id) if crm_id else None
        if contact is None and email:
            found = by_email.get((account_id, email.casefold()))
            known = _crm_id_of(found, wanted) if found is not None else ""
            # A contact with another CRM id is another person sharing an address.
            if found is not None and not (crm_id and known and known != crm_id):
                contact = found
        if contact is None:
            contact = Contact(workspace=workspace, account_id=account_id)
        if crm_id:
            by_id.setdefault(crm_id, contact)
        if email:
            by_email.setdefault((account_id, email.casefold()), contact)
            by_email.setdefault((None, email.casefold()), contact)
        entry = wanted.setdefault(id(contact), _Wanted(contact))
        _gather(entry, values, crm_id)
        if account_id is not None and contact.account_id is None:
            entry.values.setdefault("account_id", account_id)
        entry.deals.append(values["deal_id"])
    new: list[Contact] = []
    changed: list[tuple[Contact, dict[str, Any]]] = []
    roles_differ: list[str] = []
    for entry in wanted.values():
        contact, values = entry.contact, entry.values
        if entry.roles:
            values["decision_role"] = min(entry.roles, key=_SENIORITY.index)
            if len(entry.roles) > 1:
                roles_differ.append(values.get("name") or contact.name)
        if contact.pk is None:
            for name, value in values.items():
                setattr(contact, name, value)
            contact.name = contact.name or contact.email or contact.crm_id
            new.append(contact)
            continue
        diff = {k: v for k, v in values.items() if getattr(contact, k) != v}
        for name, value in diff.items():
            setattr(contact, name, value)
        if diff:
            contact.version += 1
            contact.updated = now
            changed.append((contact, diff))
        else:
            result.unchanged += 1
    Contact.objects.bulk_create(new, batch_size=_BATCH)
    fields = sorted({k for _, diff in changed for k in diff} | {"version", "updated"})
    Contact.objects.bulk_update([c for c, _ in changed], fields, batch_size=_BATCH)
    result.created, result.updated = len(new), len(changed)
    if roles_differ:
        result.warnings.append(
            f"Contacts with different roles on different deals keep the one nearest the "
            f"decision: {', '.join(sorted(roles_differ)[:5])}"
            + (" …" if len(roles_differ) > 5 else "")
            + "."
        )
    through = Deal.contacts.through
    existing = _links(through, deal_accounts, "contact_id")
    added = {
        (deal_id, e.contact.pk): None
        for e in wanted.values()
        for deal_id in e.deals
        if (deal_id, e.contact.pk) not in existing
    }
    through.objects.bulk_create(
        [through(deal_id=d, contact_id=c) for d, c in added], batch_size=_BATCH
    )
    result.deals_updated = len({d for d, _ in added})


def _crm_id_of(contact: Contact, wanted: dict[int, _Wanted]) -> str:
    """The contact's CRM id, or the one an earlier row of the file gives it."""
    entry = wanted.get(id(contact))
    return contact.crm_id or (entry.values.get("crm_id", "") if entry else "")


def _gather(entry: _Wanted, values: dict, crm_id: str) -> None:
    """Fold one row into what the file says of its contact: the first value of each field
    wins (primary rows come first), blanks never clear what is known."""
    name = values.get("name") or " ".join(
        part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
    )
    given = {**values, "crm_id": crm_id, "name": name[:200]}
    for key in _CONTACT_FIELDS:
        if given.get(key):
            entry.values.setdefault(key, given[key])
    role = decision_role(values.get("role", ""))
    if role is not None:
        entry.roles.add(role)
