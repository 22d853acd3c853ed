"""Accounts, competitors and deal owners by the names a CRM file uses.

Loaded once per import (a workspace has far fewer of them than deals); what a chunk names for
the first time is created in one query per chunk, never one per row.
"""

from django.utils import timezone

from winloss.accounts.models import Membership
from winloss.deals.models import Account, Competitor, CompetitorAlias
from winloss.lib.sql import field_defaults, insert_rows

from .formats import Mapping
from .records import AT

_ACCOUNT_DEFAULTS = field_defaults(
    Account, given=("workspace_id", "name", "crm_id", "created", "updated")
)


class Lookups:
    """Accounts, competitors and members by the names a CRM uses, loaded once per import."""

    def __init__(self, workspace, mapping: Mapping) -> None:
        self.workspace = workspace
        self.accounts: dict[str, tuple[int, str, str]] = {}  # casefold name -> id, industry, tier
        self.account_ids: dict[str, int] = {}  # CRM id -> id
        self.account_info: dict[int, tuple[str, str, str]] = {}  # id -> name, industry, tier
        self.accounts_created = 0
        self.competitors: dict[str, int] = {}
        self.competitors_created = 0
        self.owners: dict[str, int] = {}
        if mapping.has("account") or mapping.has("account_crm_id"):
            for pk, name, crm_id, industry, tier in Account.objects.filter(
                workspace=workspace
            ).values_list("pk", "name", "crm_id", "industry", "tier"):
                self._remember_account(pk, name, crm_id, industry, tier)
        if mapping.has("competitor"):
            competitors = Competitor.objects.filter(workspace=workspace)
            self.competitors = {n.casefold(): pk for pk, n in competitors.values_list("pk", "name")}
            for competitor_id, alias in CompetitorAlias.objects.filter(
                workspace=workspace
            ).values_list("competitor_id", "alias"):
                self.competitors.setdefault(alias.casefold(), competitor_id)
        if mapping.has("owner_name") or mapping.has("owner_email"):
            self._load_owners()

    def _remember_account(self, pk: int, name: str, crm_id: str, industry: str, tier: str):
        self.accounts.setdefault(name.casefold(), (pk, industry, tier))
        if crm_id:
            self.account_ids.setdefault(crm_id, pk)
        self.account_info[pk] = (name, industry, tier)

    def _load_owners(self) -> None:
        by_name: dict[str, set[int]] = {}
        members = Membership.objects.filter(workspace=self.workspace)
        for user_id, email, name in members.values_list("user_id", "user__email", "user__name"):
            self.owners[email.casefold()] = user_id
            if name:
                by_name.setdefault(name.casefold(), set()).add(user_id)
        # A name shared by two members identifies neither.
        for name, ids in by_name.items():
            if len(ids) == 1:
                self.owners.setdefault(name, next(iter(ids)))

    def account_for(self, name: str, crm_id: str) -> int | None:
        if crm_id and crm_id in self.account_ids:
            return self.account_ids[crm_id]
        key = name or crm_id
        found = self.accounts.get(key.casefold()) if key else None
        return found[0] if found else None

    def add_accounts(self, chunk: list[tuple]) -> None:
        """Create, in one query, the accounts this chunk names that the workspace lacks."""
        wanted: dict[str, tuple[str, str]] = {}
        for record in chunk:
            name, crm_id = record[AT["account"]] or "", record[AT["account_crm_id"]] or ""
            if not (name or crm_id) or self.account_for(name, crm_id) is not None:
                continue
            # Without a name (a Data Loader file has only AccountId) the CRM id stands in,
            # until an accounts file names it.
            key = (name or crm_id).casefold()
            if key not in wanted and key not in self.accounts:
                wanted[key] = (name or crm_id, crm_id)
        if not wanted:
            return
        # Inserted with the deals' fast path, then read back: one query each, any database.
        now = timezone.now()
        insert_rows(
            Account,
            ["workspace_id", "name", "crm_id", *_ACCOUNT_DEFAULTS, "created", "updated"],
            [
                [self.workspace.pk, name, crm_id, *_ACCOUNT_DEFAULTS.values(), now, now]
                for name, crm_id in wanted.values()
            ],
        )
        names = [name for name, _ in wanted.values()]
        for pk, name, crm_id in Account.objects.filter(
            workspace=self.workspace, name__in=names
        ).values_list("pk", "name", "crm_id"):
            self._remember_account(pk, name, crm_id, "", "")
        self.accounts_created += len(wanted)

    def add_competitors(self, chunk: list[tuple]) -> None:
        wanted: dict[str, Competitor] = {}
        for record in chunk:
            name = record[AT["competitor"]]
            if name and name.casefold() not in self.competitors:
                wanted.setdefault(name.casefold(), Competitor(workspace=self.workspace, name=name))
        if not wanted:
            return
        created = Competitor.objects.bulk_create(wanted.values())
        if any(c.pk is None for c in created):
            created = list(Competitor.objects.filter(workspace=self.workspace))
        for competitor in created:
            self.competitors[competitor.name.casefold()] = competitor.pk
        self.competitors_created += len(wanted)

    def owner_for(self, email: str | None, name: str | None) -> int | None:
        if email and (user_id := self.owners.get(email.casefold())):
            return user_id
        return self.owners.get(name.casefold()) if name else None
