import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from winloss.accounts.access import get_workspace_object
from winloss.accounts.roles import Cap
from winloss.accounts.visibility import hides_field
from winloss.api_auth import require
from winloss.api_pagination import KeysetPagination

from .imports.bulk import import_deal_values
from .models import Deal, Outcome
from .queries import workspace_deals

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
    owner_email: str | None
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
        # The rep's story must not reach the interviewer (SOP step 5): the rule of every page.
        if hides_field(context["request"].membership.role, Deal, "rep_stated_reason"):
            return None
        return deal.rep_stated_reason

    @staticmethod
    def resolve_owner_email(deal: Deal, context) -> str | None:
        if hides_field(context["request"].membership.role, Deal, "owner_email"):
            return None
        return deal.owner_email


@router.get("", response=list[DealOut])
@paginate(KeysetPagination)
def list_deals(
    request,
    outcome: Outcome | None = None,
    close_date_from: dt.date | None = None,
    close_date_to: dt.date | None = None,
    q: str | None = None,
):
    """Deals in the workspace, by id. `rep_stated_reason` is null for interviewers."""
    require(request, Cap.VIEW_EVIDENCE)
    deals = workspace_deals(request.workspace).order_by("id")
    if outcome:
        deals = deals.filter(outcome=outcome)
    deals = deals.in_window(close_date_from, close_date_to)
    if q:
        deals = deals.filter(Q(name__icontains=q) | Q(crm_id__iexact=q))
    return deals


class BulkDealsIn(Schema):
    # Values stay loose here (text, numbers, true/false): the import engine reads and checks
    # them as it reads a file's cells, so the API and files refuse the same things.
    deals: list[dict[str, str | int | float | bool | None]] = Field(
        ..., description="Deals by deal field: crm_id, name, outcome or stage, close_date, ..."
    )
    valid_only: bool = False
    dry_run: bool = False


class RowErrorOut(Schema):
    row: int = Field(..., description="The deal's position in `deals`, counting from 1")
    column: str
    value: str
    message: str


class ImportCountsOut(Schema):
    created: int
    updated: int
    unchanged: int
    rejected: int
    duplicates: int
    errors: list[RowErrorOut]
    mapping: dict[str, Any]
    warnings: list[str]


@router.post("/bulk", response={200: ImportCountsOut, 400: ImportCountsOut})
def bulk_deals(request, payload: BulkDealsIn):
    """Create or update deals by `crm_id`, checked like a file import: all or nothing unless
    `valid_only`; `dry_run` saves nothing. 400 with the counts when row errors stopped it."""
    require(request, Cap.EDIT_DEALS)
    result = import_deal_values(
        workspace=request.workspace,
        deals=payload.deals,
        user=request.user,
        valid_only=payload.valid_only,
        dry_run=payload.dry_run,
    )
    return Status(400 if result.stopped else 200, result.as_dict())


# Registered last: "/{deal_id}" would otherwise take "/bulk" (Django tries routes in order).
@router.get("/{deal_id}", response=DealOut)
def get_deal(request, deal_id: int):
    """One deal. `rep_stated_reason` is null for interviewers."""
    require(request, Cap.VIEW_EVIDENCE)
    return get_workspace_object(request, workspace_deals(request.workspace), deal_id)
