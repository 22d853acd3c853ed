"""Reads of the CRM's deals used by more than one page or endpoint."""

from django.db.models import Q

from winloss.accounts.models import Workspace

from .models import Competitor, Deal, DealQuerySet


def workspace_deals(workspace: Workspace) -> DealQuerySet:
    """The workspace's deals with what a list shows of each (account, primary competitor)."""
    return Deal.objects.filter(workspace=workspace).select_related("account", "primary_competitor")


def competitor_named(workspace: Workspace, name: str) -> Competitor | None:
    """The workspace's competitor called ``name`` or known by it as an alias, any case."""
    name = name.strip()
    return (
        Competitor.objects.filter(workspace=workspace)
        .filter(Q(name__iexact=name) | Q(aliases__alias__iexact=name))
        .distinct()
        .first()
    )
