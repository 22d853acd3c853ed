"""Writes to deals, accounts and competitors made by people (imports come later, in bulk)."""

from typing import Any

from django.db import transaction

from winloss.activity.services import diff, log_action, snapshot
from winloss.lib.concurrency import save_versioned

from .models import Competitor, CompetitorAlias, Deal


class DealError(Exception):
    """A change to deal records that cannot be made, said for the person who asked."""


@transaction.atomic
def update_deal(deal: Deal, *, user, expected_version: int, **fields: Any) -> Deal:
    before = snapshot(Deal.objects.get(pk=deal.pk), fields)
    for name, value in fields.items():
        setattr(deal, name, value)
    changes = diff(before, snapshot(deal, fields))
    if changes:
        save_versioned(deal, expected_version=expected_version, fields=fields)
        log_action(deal, "deal.changed", user=user, changes=changes)
    return deal


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
    *, workspace, user, name: str, website: str = "", aliases: list[str] | None = None
) -> Competitor:
    if Competitor.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise DealError(f"A competitor named {name!r} already exists.")
    competitor = Competitor.objects.create(workspace=workspace, name=name, website=website)
    _set_aliases(competitor, aliases or [])
    log_action(
        competitor,
        "competitor.created",
        user=user,
        changes={"name": [None, name], "aliases": [None, sorted(aliases or [])]},
    )
    return competitor


@transaction.atomic
def update_competitor(
    competitor: Competitor,
    *,
    user,
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
