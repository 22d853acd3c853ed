from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.accounts.visibility import hides_field
from winloss.lib.concurrency import posted_number
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.lib.redirects import next_or

from . import services
from .forms import (
    AccountForm,
    CompetitorForm,
    ContactEditForm,
    ContactForm,
    DealForm,
    StageOutcomesForm,
)
from .imports.outcomes import stage_mappings_version, stage_rows, stage_table
from .matching import product_name_pairs
from .models import Account, Competitor, Contact, Deal, Outcome
from .queries import workspace_deals


def _hides_rep_reason(request) -> bool:
    # The rep's story must not steer the interviewer (SOP step 5): the one rule, shared with
    # the API and the histories.
    return hides_field(request.membership.role, Deal, "rep_stated_reason")


@workspace_view(Cap.VIEW_EVIDENCE)
def deal_list(request, ws):
    deals = workspace_deals(request.workspace)
    outcome = request.GET.get("outcome", "")
    query = request.GET.get("q", "").strip()
    if outcome in Outcome.values:
        deals = deals.filter(outcome=outcome)
    if query:
        deals = deals.filter(
            Q(name__icontains=query) | Q(crm_id__iexact=query) | Q(account__name__icontains=query)
        )
    page = Paginator(deals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/list.html",
        {"page": page, "outcomes": Outcome.choices, "outcome": outcome, "q": query},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def deal_detail(request, ws, deal_id):
    deal = get_workspace_object(request, Deal, deal_id)
    return render(
        request,
        "deals/detail.html",
        {
            "deal": deal,
            "competitors": [c.name for c in deal.competitors.all()],
            "contacts": deal.contacts.all(),
            "show_rep_reason": not _hides_rep_reason(request),
            "can_edit": can(request, Cap.EDIT_DEALS),
            "can_add_contact": can(request, Cap.EDIT_SAMPLE),
        },
    )


@workspace_view(Cap.EDIT_DEALS)
def deal_edit(request, ws, deal_id):
    deal = get_workspace_object(request, Deal, deal_id)
    form = DealForm(request.POST or None, instance=deal, hide_rep_reason=_hides_rep_reason(request))
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form):
            services.update_deal(
                deal, user=request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(request, "Deal saved.")
            return redirect("deals:detail", ws=ws, deal_id=deal.pk)
    return render(request, "deals/edit.html", {"deal": deal, "form": form})


@workspace_view(Cap.VIEW_EVIDENCE)
def account_detail(request, ws, account_id):
    account = get_workspace_object(request, Account, account_id)
    return render(
        request,
        "deals/account.html",
        {
            "account": account,
            "deals": account.deals.all()[:200],
            "contacts": account.contacts.all(),
            "can_add_contact": can(request, Cap.EDIT_SAMPLE),
            "can_edit": can(request, Cap.EDIT_DEALS),
        },
    )


# Adding a respondent is part of the sample and scheduling work (SOP steps 2 and 4), so the
# people who draw samples may do it, coordinators included.
@workspace_view(Cap.EDIT_SAMPLE)
def contact_new(request, ws, deal_id):
    deal = get_workspace_object(request, Deal, deal_id)
    return _add_contact_page(
        request,
        ContactForm(request.POST or None),
        account=deal.account,
        deals=lambda _data: [deal],
        back=reverse("deals:detail", kwargs={"ws": ws, "deal_id": deal.pk}),
        added=f"added to “{deal}”.",
        context={"deal": deal},
    )


@workspace_view(Cap.EDIT_SAMPLE)
def account_contact_new(request, ws, account_id):
    account = get_workspace_object(request, Account, account_id)
    order = ("-close_date", "name")
    # The 200 latest deals: an account can have hundreds, and recent ones are sampled.
    latest = account.deals.order_by(*order).values("pk")[:200]
    deals = account.deals.filter(pk__in=latest).order_by(*order)
    # Ticked at first: the account's deals that have nobody on record yet.
    bare = deals.filter(contacts__isnull=True).values_list("pk", flat=True)
    form = ContactForm(request.POST or None, account_deals=deals, initial={"deals": list(bare)})
    return _add_contact_page(
        request,
        form,
        account=account,
        deals=lambda data: list(data.pop("deals")),
        back=reverse("deals:account", kwargs={"ws": ws, "account_id": account.pk}),
        added=f"added to {account}.",
        context={"account": account},
    )


@workspace_view(Cap.EDIT_DEALS)
def account_edit(request, ws, account_id):
    account = get_workspace_object(request, Account, account_id)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form, "name"):
            services.update_account(
                account, user=request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(request, f"{account} saved.")
            return redirect("deals:account", ws=ws, account_id=account.pk)
    return render(request, "deals/account_edit.html", {"form": form, "account": account})


@workspace_view(Cap.EDIT_SAMPLE)
def contact_edit(request, ws, contact_id):
    contact = get_workspace_object(request, Contact, contact_id)
    if contact.account_id:
        back = reverse("deals:account", kwargs={"ws": ws, "account_id": contact.account_id})
    else:
        back = reverse("deals:list", kwargs={"ws": ws})
    back = next_or(request, back)
    form = ContactEditForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        with errors_on_form(form):
            services.update_contact(
                contact, user=request.user, expected_version=form.cleaned_data["version"], **fields
            )
            messages.success(request, f"{contact} saved.")
            return redirect(back)
    return render(
        request, "deals/contact_edit.html", {"form": form, "contact": contact, "back": back}
    )


def _add_contact_page(request, form, *, account, deals, back: str, added: str, context: dict):
    """The contact form's one shape, from a deal or an account: save, or show it again with
    the problem; ``deals`` picks the deals to link from the cleaned data."""
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        with errors_on_form(form):
            contact = services.add_contact(
                workspace=request.workspace,
                user=request.user,
                account=account,
                deals=deals(fields),
                **fields,
            )
            messages.success(request, f"{contact} {added}")
            return redirect(next_or(request, back))
    return render(
        request,
        "deals/contact_form.html",
        {"form": form, "back": next_or(request, back), **context},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def competitor_list(request, ws):
    competitors = (
        Competitor.objects.filter(workspace=request.workspace)
        .annotate(n_deals=Count("deals"))
        .prefetch_related("aliases")
    )
    return render(
        request,
        "deals/competitors.html",
        {"competitors": competitors, "can_edit": can(request, Cap.EDIT_DEALS)},
    )


@workspace_view(Cap.EDIT_DEALS)
def competitor_new(request, ws):
    form = CompetitorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on_form(form):
            services.create_competitor(
                workspace=request.workspace,
                user=request.user,
                name=data["name"],
                website=data["website"],
                aliases=data["aliases"],
            )
            messages.success(request, f"Competitor “{data['name']}” added.")
            return redirect("deals:competitors", ws=ws)
    return render(request, "deals/competitor_form.html", {"form": form})


@workspace_view(Cap.EDIT_DEALS)
def competitor_edit(request, ws, competitor_id):
    competitor = get_workspace_object(request, Competitor, competitor_id)
    initial = {
        "name": competitor.name,
        "website": competitor.website,
        "version": competitor.version,
        "aliases": "\n".join(competitor.aliases.values_list("alias", flat=True)),
    }
    form = CompetitorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with errors_on_form(form):
            services.update_competitor(
                competitor,
                user=request.user,
                expected_version=data["version"] or 0,
                name=data["name"],
                website=data["website"],
                aliases=data["aliases"],
            )
            messages.success(request, "Competitor saved.")
            return redirect("deals:competitors", ws=ws)
    others = Competitor.objects.filter(workspace=request.workspace).exclude(pk=competitor.pk)
    return render(
        request,
        "deals/competitor_form.html",
        {"form": form, "competitor": competitor, "others": others},
    )


@require_POST
@workspace_view(Cap.EDIT_DEALS)
def competitor_merge(request, ws, competitor_id):
    source = get_workspace_object(request, Competitor, competitor_id)
    target = Competitor.objects.filter(
        workspace=request.workspace, pk=posted_number(request.POST, "target")
    ).first()
    if target is None:
        messages.error(request, "Choose the competitor to merge into.")
        return redirect("deals:competitor_edit", ws=ws, competitor_id=source.pk)
    with errors_as_message(request):
        services.merge_competitors(source=source, target=target, user=request.user)
        messages.success(request, f"“{source.name}” is now an alias of “{target.name}”.")
        return redirect("deals:competitors", ws=ws)
    return redirect("deals:competitor_edit", ws=ws, competitor_id=source.pk)


@workspace_view(Cap.VIEW_EVIDENCE)
def product_names(request, ws):
    return render(
        request,
        "deals/products.html",
        {"pairs": product_name_pairs(request.workspace), "can_edit": can(request, Cap.EDIT_DEALS)},
    )


@require_POST
@workspace_view(Cap.EDIT_DEALS)
def product_rename(request, ws):
    old, new = request.POST.get("old", ""), request.POST.get("new", "")
    with errors_as_message(request):
        count = services.rename_product(
            workspace=request.workspace, old=old, new=new, user=request.user
        )
        messages.success(request, f"{count} deals now say “{new}” instead of “{old}”.")
    return redirect("deals:products", ws=ws)


@workspace_view(Cap.EDIT_DEALS)
def stage_list(request, ws):
    workspace = request.workspace
    if request.method == "POST":
        rows = stage_rows(workspace, request.POST.getlist("stage"))
    else:
        rows = stage_table(workspace)
    form = StageOutcomesForm(
        request.POST or None, rows=rows, initial={"version": stage_mappings_version(workspace)}
    )
    if request.method == "POST" and form.is_valid():
        with errors_as_message(request):
            changed = services.map_stages(
                workspace=workspace,
                user=request.user,
                outcomes=form.outcomes(),
                version=form.cleaned_data["version"],
            )
            noun = "stage" if changed == 1 else "stages"
            messages.success(
                request,
                f"Saved {changed} {noun}; the next import reads them this way."
                if changed
                else "Nothing changed.",
            )
        return redirect("deals:stages", ws=ws)
    return render(request, "deals/stages.html", {"form": form})
