"""Writes to deals, accounts and competitors made by people (imports come later, in bulk)."""

from typing import Any, TypeVar

from django.db import transaction

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError

from .imports.outcomes import stage_mappings_version
from .models import Account, Competitor, CompetitorAlias, Contact, Deal, Outcome, StageMapping
from .signals import contacts_linked


class DealError(DomainError):
    """A change to deal records that cannot be made, said for the person who asked."""


@transaction.atomic
def update_deal(deal: Deal, *, user: User, expected_version: int, **fields: Any) -> Deal:
    return _edit(deal, "deal.changed", user=user, expected_version=expected_version, **fields)


R = TypeVar("R", Deal, Account, Contact)


def _edit(record: R, code: str, *, user: User, expected_version: int, **fields: Any) -> R:
    """Save an edited CRM record on the version the editor opened; log what changed, if any."""
    before = snapshot(type(record)._default_manager.get(pk=record.pk), fields)
    for name, value in fields.items():
        setattr(record, name, value)
    changes = diff(before, snapshot(record, fields))
    if changes:
        save_versioned(record, expected_version=expected_version, fields=fields)
        log_action(record, code, user=user, changes=changes)
    return record


@transaction.atomic
def update_account(
    account: Account, *, user: User, expected_version: int, **fields: Any
) -> Account:
    """Correct an account: a real name where the CRM export gave only its id, a region."""
    name = " ".join((fields.get("name") or "").split())
    if not name:
        raise DealError("Give the account's name.")
    taken = Account.objects.filter(workspace_id=account.workspace_id, name__iexact=name)
    if taken.exclude(pk=account.pk).exists():
        raise DealError(f"Another account is already called “{name}”.")
    fields["name"] = name
    return _edit(account, "account.changed", user=user, expected_version=expected_version, **fields)


def _set_aliases(competitor: Competitor, aliases: list[str]) -> None:
    wanted = {
        a.strip() for a in aliases if a.strip() and a.strip().lower() != competitor.name.lower()
    }
    taken = (
        CompetitorAlias.objects.filter(workspace=competitor.workspace)
        .exclude(competitor=competitor)
        .filter(alias__in=wanted)
    )
    clash = [a.alias for a in taken]
    clash += [
        c.name
        for c in Competitor.objects.filter(workspace=competitor.workspace).exclude(pk=competitor.pk)
        if c.name.lower() in {w.lower() for w in wanted}
    ]
    if clash:
        raise DealError(f"Already used for another competitor: {', '.join(sorted(clash))}.")
    competitor.aliases.exclude(alias__in=wanted).delete()
    existing = set(competitor.aliases.values_list("alias", flat=True))
    CompetitorAlias.objects.bulk_create(
        CompetitorAlias(workspace=competitor.workspace, competitor=competitor, alias=a)
        for a in sorted(wanted - existing)
    )


@transaction.atomic
def create_competitor(
    *,
    workspace: Workspace,
    user: User | None,
    name: str,
    website: str = "",
    aliases: list[str] | None = None,
    actor: str = "",
) -> Competitor:
    if Competitor.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise DealError(f"A competitor named {name!r} already exists.")
    competitor = Competitor.objects.create(workspace=workspace, name=name, website=website)
    _set_aliases(competitor, aliases or [])
    log_action(
        competitor,
        "competitor.created",
        user=user,
        actor=actor,
        changes={"name": [None, name], "aliases": [None, sorted(aliases or [])]},
    )
    return competitor


@transaction.atomic
def update_competitor(
    competitor: Competitor,
    *,
    user: User,
    expected_version: int,
    name: str,
    website: str,
    aliases: list[str],
) -> Competitor:
    if (
        Competitor.objects.filter(workspace=competitor.workspace, name__iexact=name)
        .exclude(pk=competitor.pk)
        .exists()
    ):
        raise DealError(f"A competitor named {name!r} already exists.")
    before = {
        **snapshot(competitor, ["name", "website"]),
        "aliases": sorted(competitor.aliases.values_list("alias", flat=True)),
    }
    competitor.name, competitor.website = name, website
    save_versioned(competitor, expected_version=expected_version, fields=["name", "website"])
    _set_aliases(competitor, aliases)
    after = {
        "name": name,
        "website": website,
        "aliases": sorted(competitor.aliases.values_list("alias", flat=True)),
    }
    changes = diff(before, after)
    if changes:
        log_action(competitor, "competitor.changed", user=user, changes=changes)
    return competitor


@transaction.atomic
def merge_competitors(*, source: Competitor, target: Competitor, user: User) -> Competitor:
    """Fold ``source`` into ``target``: its deals, its aliases and its name (kept as an alias).
    The source's history stays in the log under its old name."""
    if source.pk == target.pk or source.workspace_id != target.workspace_id:
        raise DealError("Choose another competitor of this workspace to merge into.")
    moved = Deal.objects.filter(primary_competitor=source).update(primary_competitor=target)
    # The deals that met the source met the target; a deal that lists both keeps one link.
    link = Deal.competitors.through
    link.objects.filter(competitor=source).exclude(
        deal_id__in=link.objects.filter(competitor=target).values("deal_id")
    ).update(competitor=target)
    aliases = sorted({source.name, *source.aliases.values_list("alias", flat=True)})
    source.aliases.all().delete()
    log_action(source, "competitor.merged_away", user=user, data={"target": target.name})
    source.delete()
    existing = {a.lower() for a in target.aliases.values_list("alias", flat=True)}
    CompetitorAlias.objects.bulk_create(
        CompetitorAlias(workspace=target.workspace, competitor=target, alias=a)
        for a in aliases
        if a.lower() not in existing and a.lower() != target.name.lower()
    )
    log_action(
        target,
        "competitor.merged",
        user=user,
        data={"source": aliases[0] if len(aliases) == 1 else ", ".join(aliases), "deals": moved},
        changes={"aliases": [sorted(existing), sorted(existing | {a.lower() for a in aliases})]},
    )
    return target


@transaction.atomic
def rename_product(*, workspace: Workspace, old: str, new: str, user: User) -> int:
    """Spell a product one way across all deals ("GTXPro" → "GTX Pro"); logged once."""
    if not new.strip():
        raise DealError("The product needs a name.")
    count = Deal.objects.filter(workspace=workspace, product=old).update(product=new)
    if count:
        log_action(
            workspace,
            "deals.product_renamed",
            user=user,
            data={"old": old, "new": new, "count": count},
        )
    return count


@transaction.atomic
def map_stages(*, workspace: Workspace, user: User, outcomes: dict[str, str], version: str) -> int:
    """Save how imports read each stage (``outcomes``: stage -> outcome, "" for the defaults).

    The whole form is saved at once, on the version of the mappings it was made from: when
    someone saved other mappings meanwhile, nothing is saved (``DealError``), rather than
    silently putting back what they changed. Each changed stage is logged. How many changed.
    """
    # Serialise saves per workspace, so two saves cannot both pass the version check.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).exists()
    if stage_mappings_version(workspace) != version:
        raise DealError(
            "Someone else changed the stage mappings while you were editing, so yours were "
            "not saved. The page now shows the saved mappings; make your changes again."
        )
    saved = {m.stage.casefold(): m for m in StageMapping.objects.filter(workspace=workspace)}
    changed = 0
    for stage, outcome in outcomes.items():
        stage = stage.strip()
        if outcome and outcome not in Outcome.values:
            raise DealError(f"{stage}: {outcome!r} is not an outcome.")
        current = saved.get(stage.casefold())
        before = current.outcome if current else ""
        if not stage or outcome == before:
            continue
        if current is None:  # so outcome is not "" (it differs from the default)
            saved[stage.casefold()] = StageMapping.objects.create(
                workspace=workspace, stage=stage, outcome=outcome, updated_by=user
            )
        elif not outcome:
            current.delete()
        else:
            current.outcome, current.updated_by = outcome, user
            current.save(update_fields=["outcome", "updated_by", "updated"])
        log_action(
            workspace,
            "deals.stage_mapped",
            user=user,
            changes={"outcome": [before or None, outcome or None]},
            data={
                "stage": stage,
                "outcome": Outcome(outcome).label if outcome else "the default",
            },
        )
        changed += 1
    return changed


@transaction.atomic
def update_contact(
    contact: Contact, *, user: User, expected_version: int, **fields: Any
) -> Contact:
    """Correct a person at the buyer (a new address, a role, *do not contact*), on the version
    the editor opened; the history keeps what changed."""
    if not (fields.get("name") or "").strip():
        raise DealError("Give the contact's name.")
    return _edit(contact, "contact.changed", user=user, expected_version=expected_version, **fields)


@transaction.atomic
def add_contact(
    *, workspace: Workspace, user: User, account: Account | None, deals: list[Deal], **fields: Any
) -> Contact:
    """A person at the buyer, entered by hand, linked to the deals they took part in."""
    if not (fields.get("name") or "").strip():
        raise DealError("Give the contact's name.")
    if any(d.workspace_id != workspace.pk for d in deals):
        raise DealError("Those deals are not in this workspace.")
    contact = Contact.objects.create(workspace=workspace, account=account, **fields)
    contact.deals.add(*deals)
    log_action(
        contact,
        "contact.added",
        user=user,
        data={
            "role": contact.get_decision_role_display(),
            "deals": ", ".join(d.name for d in deals[:5]) or "no deal",
        },
    )
    deal_ids = [d.pk for d in deals]
    transaction.on_commit(
        lambda: contacts_linked.send(sender=Contact, deal_ids=deal_ids, user=user)
    )
    return contact
