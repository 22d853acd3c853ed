import datetime as dt
from decimal import Decimal

from django.db.models import Q
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from winloss.accounts.roles import Cap, Role
from winloss.api_auth import get_workspace_object, require

from .models import Deal, Outcome

router = Router(tags=["deals"])


class DealOut(Schema):
    id: int
    crm_id: str
    name: str
    account: str | None
    amount: Decimal | None
    currency: str
    outcome: str
    stage: str
    created_date: dt.date | None
    close_date: dt.date | None
    owner_name: str
    owner_email: str
    product: str
    product_line: str
    region: str
    industry: str
    tier: str
    primary_competitor: str | None
    rep_stated_reason: str | None
    open_dispute: bool
    version: int

    @staticmethod
    def resolve_account(deal: Deal) -> str | None:
        return deal.account.name if deal.account else None

    @staticmethod
    def resolve_primary_competitor(deal: Deal) -> str | None:
        return deal.primary_competitor.name if deal.primary_competitor else None

    @staticmethod
    def resolve_rep_stated_reason(deal: Deal, context) -> str | None:
        # The rep's story must not reach the interviewer before the interview (SOP step 5).
        if context["request"].membership.role == Role.INTERVIEWER:
            return None
        return deal.rep_stated_reason


def _deals(request):
    return Deal.objects.filter(workspace=request.workspace).select_related(
        "account", "primary_competitor"
    )


@router.get("", response=list[DealOut])
@paginate(LimitOffsetPagination)
def list_deals(
    request,
    outcome: Outcome | None = None,
    close_date_from: dt.date | None = None,
    close_date_to: dt.date | None = None,
    q: str | None = None,
):
    """Deals in the workspace, by id. `rep_stated_reason` is null for interviewers."""
    require(request, Cap.VIEW_EVIDENCE)
    deals = _deals(request).order_by("id")
    if outcome:
        deals = deals.filter(outcome=outcome)
    deals = deals.in_window(close_date_from, close_date_to)
    if q:
        deals = deals.filter(Q(name__icontains=q) | Q(crm_id__iexact=q))
    return deals


@router.get("/{deal_id}", response=DealOut)
def get_deal(request, deal_id: int):
    """One deal. `rep_stated_reason` is null for interviewers."""
    require(request, Cap.VIEW_EVIDENCE)
    return get_workspace_object(request, _deals(request), deal_id)
