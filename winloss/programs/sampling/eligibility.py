"""Which closed deals of a program's scope may be sampled, and why the others may not.

The SOP keeps out accounts with an unresolved dispute or active escalation unless someone
approves; winloss also keeps out deals whose every contact asked not to be contacted, and
accounts already approached for another program recently (so nobody is asked twice a season).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from winloss.deals.models import Account, Deal, DealQuerySet

from ..models import ACTIVE_STATUSES, ExclusionApproval, Program, SampleEntry
from ..queries import deals_in_scope

EXCLUSION_REASONS: dict[str, str] = {
    "open_dispute": "Account has an open dispute or escalation",
    "do_not_contact": "Every contact on the deal is do-not-contact",
    "recently_contacted": "Account is in another program's sample",
    "crm_deleted": "Deal was deleted in the CRM",
}


@dataclass(frozen=True)
class Counts:
    in_scope: int
    eligible: int
    excluded: dict[str, int]  # reason → deals kept out for it (a deal can have several)


@dataclass(frozen=True)
class Eligibility:
    deals: DealQuerySet
    scope: DealQuerySet
    rules: dict[str, Q]

    def counts(self) -> Counts:
        """Every count the sample page shows, in one pass over the scope (filtered counts)
        rather than a scan per rule; only asked for where a page or a draw shows them."""
        kept_out = Q()
        for rule in self.rules.values():
            kept_out |= rule
        figures = self.scope.order_by().aggregate(
            in_scope=Count("id"),
            eligible=Count("id", filter=~kept_out) if self.rules else Count("id"),
            **{reason: Count("id", filter=rule) for reason, rule in self.rules.items()},
        )
        return Counts(
            in_scope=figures.pop("in_scope"),
            eligible=figures.pop("eligible"),
            excluded=figures,
        )


def exclusion_rules(program: Program, *, recent_days: int) -> dict[str, Q]:
    """A condition per reason, true for the deals that reason keeps out."""
    workspace = program.workspace
    # Subqueries leave out NULL account ids: NOT IN over a list with a NULL excludes everyone.
    disputed = Deal.objects.filter(
        workspace=workspace, open_dispute=True, account__isnull=False
    ).values("account_id")
    approved = ExclusionApproval.objects.filter(program=program).values("account_id")
    link = Deal.contacts.through
    since = timezone.now() - dt.timedelta(days=recent_days)
    recent = (
        SampleEntry.objects.filter(
            workspace=workspace,
            status__in=ACTIVE_STATUSES,
            created__gte=since,
            deal__account__isnull=False,
        )
        .exclude(program=program)
        .values("deal__account_id")
    )
    return {
        "open_dispute": (Q(open_dispute=True) | Q(account_id__in=disputed))
        & ~Q(account_id__in=approved),
        "do_not_contact": Q(
            Exists(link.objects.filter(deal=OuterRef("pk"), contact__do_not_contact=True))
        )
        & ~Q(Exists(link.objects.filter(deal=OuterRef("pk"), contact__do_not_contact=False))),
        "recently_contacted": Q(account_id__in=recent),
        "crm_deleted": Q(crm_deleted_at__isnull=False),
    }


def eligible_deals(program: Program, *, recent_days: int = 180) -> Eligibility:
    scope = deals_in_scope(program)
    rules = exclusion_rules(program, recent_days=recent_days)
    eligible = scope
    for rule in rules.values():
        eligible = eligible.exclude(rule)
    return Eligibility(deals=eligible, scope=scope, rules=rules)


def exclusions_of(program: Program, deal: Deal, *, recent_days: int = 180) -> list[str]:
    """The reasons (keys of EXCLUSION_REASONS) that keep ``deal`` out of ``program``'s sample."""
    rules = exclusion_rules(program, recent_days=recent_days)
    base = Deal.objects.filter(pk=deal.pk)
    return [reason for reason, rule in rules.items() if base.filter(rule).exists()]


def disputed_accounts(program: Program) -> QuerySet[Account]:
    """Accounts in the program's scope that have an open dispute or escalation."""
    scope_accounts = deals_in_scope(program).filter(account__isnull=False).values("account_id")
    disputed = Deal.objects.filter(
        workspace=program.workspace, open_dispute=True, account__isnull=False
    ).values("account_id")
    return Account.objects.filter(pk__in=scope_accounts).filter(pk__in=disputed)
