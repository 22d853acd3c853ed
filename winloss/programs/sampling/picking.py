"""Reproducible random picks inside a stratum.

A deal's place in its stratum's random order is a hash of the draw's seed and the deal's id:
the same seed gives the same order, and deals imported after the draw slot in without
reshuffling the others, so "the next eligible deal of the same stratum" stays well defined.
"""

import hashlib
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from winloss.accounts.models import Workspace
from winloss.deals.models import Deal, DecisionRole

# Who to approach first on a deal: the person who led the decision.
ROLE_ORDER: list[str] = [
    DecisionRole.EXECUTIVE_SPONSOR,
    DecisionRole.EVALUATOR,
    DecisionRole.PROCUREMENT,
    DecisionRole.USER,
    DecisionRole.OTHER,
]


def draw_order(seed: int, deal_id: int) -> bytes:
    return hashlib.sha256(f"{seed}:{deal_id}".encode()).digest()


def in_draw_order(
    seed: int, rows: Iterable[tuple[int, int | None]]
) -> list[tuple[int, int | None]]:
    """(deal id, account id) rows sorted into the seed's random order."""
    return sorted(rows, key=lambda row: draw_order(seed, row[0]))


def pick(
    ordered: list[tuple[int, int | None]], places: int, taken_accounts: set[int]
) -> list[tuple[int, int]]:
    """The first ``places`` deals in order, one per account: (deal id, rank in the stratum).

    An account already in the sample is skipped, so no buyer is asked about two deals.
    """
    picked: list[tuple[int, int]] = []
    for rank, (deal_id, account_id) in enumerate(ordered, start=1):
        if len(picked) == places:
            break
        if account_id is not None and account_id in taken_accounts:
            continue
        picked.append((deal_id, rank))
        if account_id is not None:
            taken_accounts.add(account_id)
    return picked


def respondents(deal_ids: Iterable[int] | QuerySet) -> dict[int, int]:
    """The contact to approach for each deal: not do-not-contact, the decision lead first."""
    return {deal_id: row[0] for deal_id, row in respondent_rows(deal_ids).items()}


def respondent_rows(deal_ids: Iterable[int] | QuerySet, *fields: str) -> dict[int, tuple]:
    """For each deal, its respondent (as ``respondents`` picks them) as (contact id, and the
    contact's ``fields``). ``deal_ids`` may be a query of ids: then one query, however many."""
    link = Deal.contacts.through
    rows = (
        link.objects.filter(deal_id__in=deal_ids, contact__do_not_contact=False)
        .values_list(
            "deal_id", "contact_id", "contact__decision_role", *(f"contact__{f}" for f in fields)
        )
        .order_by("deal_id", "contact_id")
    )
    best: dict[int, tuple[int, tuple]] = {}
    for deal_id, contact_id, role, *more in rows:
        rank = ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER)
        if deal_id not in best or rank < best[deal_id][0]:
            best[deal_id] = (rank, (contact_id, *more))
    return {deal_id: row for deal_id, (_, row) in best.items()}


def load_by_interviewer(workspace: Workspace) -> dict[int, int]:
    """Deals each person is assigned to interview, over the workspace's open programs."""
    from ..models import ACTIVE_STATUSES, ProgramStatus, SampleEntry

    rows = (
        SampleEntry.objects.filter(
            workspace=workspace,
            status__in=ACTIVE_STATUSES,
            interviewer__isnull=False,
            draw__discarded_at__isnull=True,
        )
        .exclude(program__status=ProgramStatus.CLOSED)
        .values_list("interviewer_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)
