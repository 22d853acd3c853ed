"""SOP step 2 pages: the sample, its draw, hand changes, refusals and interviewers."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.models import User
from winloss.accounts.roles import Cap
from winloss.deals.models import Account, Deal
from winloss.lib.errors import errors_as_message, errors_on_form

from . import recency
from .models import ACTIVE_STATUSES, EntryStatus, ExclusionApproval, Program, SampleEntry
from .queries import entry_counts
from .sample_forms import AddDealForm, AssignForm, DrawForm, ReasonForm, RefusalForm
from .sampling import export
from .sampling.eligibility import EXCLUSION_REASONS, disputed_accounts, eligible_deals
from .sampling.interviewers import NOT_A_MEMBER
from .sampling.services import (
    DrawSettings,
    SampleError,
    accept_replacement,
    add_to_sample,
    approve_exclusion,
    assign_interviewer,
    assign_interviewers,
    current_draw,
    discard_sample,
    draw_sample,
    interviewer_choices,
    record_refusal,
    remove_from_sample,
    skip_replacement,
)
from .sampling.strata import BAND_METHODS, SEGMENT_DIMENSIONS
from .steps import render_step


def _back(ws: str, program: Program | int, anchor: str = "") -> HttpResponse:
    pk = program.pk if isinstance(program, Program) else program
    response = redirect("programs:sample", ws=ws, program_id=pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(status.label, counts[status]) for status in EntryStatus if counts.get(status)]


@workspace_view(Cap.VIEW_EVIDENCE)
def sample(request, ws, program_id):
    return _sample_page(request, get_workspace_object(request, Program, program_id))


def _sample_page(request, program: Program, add_form: AddDealForm | None = None):
    """The sample page; ``add_form`` is a refused "add a deal by hand", shown as typed."""
    draw = current_draw(program)
    context: dict[str, Any] = {
        "draw": draw,
        "can_edit": can(request, Cap.EDIT_SAMPLE),
        "can_import": can(request, Cap.EDIT_DEALS),
    }
    if program.scope_is_defined:
        context["recency_warning"] = (
            recency.sample_warning(program) if draw else recency.window_warning(program)
        )
        recent_days = draw.recent_days if draw else 180
        counts = eligible_deals(program, recent_days=recent_days).counts()
        approved = dict(
            ExclusionApproval.objects.filter(program=program).values_list("account_id", "reason")
        )
        context.update(
            in_scope=counts.in_scope,
            eligible=counts.eligible,
            excluded=[(EXCLUSION_REASONS[k], n) for k, n in counts.excluded.items() if n],
            disputed=[
                (account, approved.get(account.pk)) for account in disputed_accounts(program)[:50]
            ],
        )
    if draw is None:
        context["form"] = DrawForm(initial={"size": program.target_sample_size})
    else:
        entries = (
            SampleEntry.objects.filter(draw=draw)
            .select_related("deal", "deal__account", "contact", "interviewer", "replaces__deal")
            # The people the deal is heard from (its appointments), for the voices link.
            .annotate(voices=Count("appointments"))
            .order_by("outcome", "segment", "pk")
        )
        context.update(
            page=Paginator(entries, 100).get_page(request.GET.get("page")),
            counts=_labelled(entry_counts(program)),
            without_contact=entries.filter(
                status__in=ACTIVE_STATUSES, contact__isnull=True
            ).count(),
            dimension_label=SEGMENT_DIMENSIONS.get(draw.dimension, ""),
            band_label=BAND_METHODS.get(draw.band_method, draw.band_method),
            interviewers=interviewer_choices(request.workspace),
            add_form=add_form or AddDealForm(),
        )
    response = render_step(request, program, "sample", "programs/sample.html", context)
    if add_form is not None:
        response.status_code = 400
    return response


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def sample_draw(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = DrawForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label or 'Sample'}: {' '.join(map(str, errors))}")
        return _back(ws, program)
    data = form.cleaned_data
    settings = DrawSettings(
        size=data["size"],
        allocation=data["allocation"],
        dimension=data["dimension"] or "",
        band_method=data["band_method"],
        band_edges=tuple(data["band_edges"]),
        min_per_cell=data["min_per_cell"],
        recent_days=data["recent_days"],
        seed=data["seed"],
    )
    with errors_as_message(request):
        draw = draw_sample(program, settings=settings, user=request.user)
        messages.success(
            request,
            f"Sample drawn: {draw.entries.count()} deals, each with the reason it was picked.",
        )
    return _back(ws, program)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def sample_discard(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        discard_sample(program, reason=request.POST.get("reason", ""), user=request.user)
        messages.success(request, "Sample discarded; it stays in the program log.")
    return _back(ws, program)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def sample_add(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = AddDealForm(request.POST)
    if form.is_valid():
        deal = Deal.objects.filter(
            workspace=request.workspace, crm_id=form.cleaned_data["crm_id"].strip()
        ).first()
        if deal is None:
            form.add_error("crm_id", f"No deal has the CRM id {form.cleaned_data['crm_id']!r}.")
        else:
            with errors_on_form(form):
                add_to_sample(
                    program,
                    deal=deal,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    override=form.cleaned_data["override"],
                )
                messages.success(request, f"“{deal}” added to the sample.")
                return _back(ws, program)
    # The page again with what was typed, each problem beside its field.
    messages.error(request, "The deal was not added: see “Add a deal by hand” below.")
    return _sample_page(request, program, add_form=form)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def sample_assign(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    count = assign_interviewers(program, user=request.user)
    messages.success(request, f"{count} deals given an interviewer.")
    return _back(ws, program)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def sample_approve(request, ws, program_id, account_id):
    program = get_workspace_object(request, Program, program_id)
    account = get_workspace_object(request, Account, account_id)
    with errors_as_message(request):
        approve_exclusion(
            program, account=account, reason=request.POST.get("reason", ""), user=request.user
        )
        messages.success(request, f"{account} may now be sampled in this program.")
    return _back(ws, program, "kept-out")


@workspace_view(Cap.VIEW_EVIDENCE)
def sample_export(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    draw = current_draw(program)
    if draw is None:
        messages.error(request, "There is no sample to export yet.")
        return _back(ws, program)
    if request.GET.get("format") == "xlsx":
        return export.xlsx_response(draw)
    return export.csv_response(draw)


def _entry_action(request, ws, program, entry, form_class, action):
    """The shape every per-deal action shares: find, validate, act, say, go back."""
    program = get_workspace_object(request, Program, program)
    entry = get_workspace_object(request, SampleEntry, entry, program=program)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{entry}”: give a reason.")
        return _back(ws, program, f"entry-{entry.pk}")
    version = form.cleaned_data.get("version") or entry.version
    stale = (
        f"“{entry}” was changed by someone else while you were looking. Nothing was "
        "saved: check its new state and try again."
    )
    with errors_as_message(request, stale=stale):
        messages.success(request, action(entry, form.cleaned_data, version))
    return _back(ws, program, f"entry-{entry.pk}")


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def entry_remove(request, ws, program_id, entry_id):
    def act(entry, data, version):
        remove_from_sample(
            entry, reason=data["reason"], user=request.user, expected_version=version
        )
        return f"“{entry}” removed from the sample."

    return _entry_action(request, ws, program_id, entry_id, ReasonForm, act)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def entry_refusal(request, ws, program_id, entry_id):
    def act(entry, data, version):
        proposal = record_refusal(
            entry,
            status=data["status"],
            reason=data["reason"],
            user=request.user,
            expected_version=version,
        )
        if proposal is None:
            return f"Refusal recorded. No other eligible deal is left in {entry.stratum_label}."
        return f"Refusal recorded. Proposed replacement from the same stratum: “{proposal}”."

    return _entry_action(request, ws, program_id, entry_id, RefusalForm, act)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def entry_accept(request, ws, program_id, entry_id):
    def act(entry, data, version):
        accept_replacement(entry, user=request.user, expected_version=version)
        return f"“{entry}” is in the sample."

    return _entry_action(request, ws, program_id, entry_id, AssignForm, act)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def entry_skip(request, ws, program_id, entry_id):
    def act(entry, data, version):
        proposal = skip_replacement(
            entry, reason=data["reason"], user=request.user, expected_version=version
        )
        return f"Passed over. Next proposal: “{proposal}”." if proposal else "Passed over."

    return _entry_action(request, ws, program_id, entry_id, ReasonForm, act)


@require_POST
@workspace_view(Cap.EDIT_SAMPLE)
def entry_interviewer(request, ws, program_id, entry_id):
    def act(entry, data, version):
        interviewer = None
        if data.get("interviewer"):
            # Only this workspace's members: another workspace's people are never looked up,
            # so no answer can say who they are.
            interviewer = User.objects.filter(
                pk=data["interviewer"], memberships__workspace=request.workspace
            ).first()
            if interviewer is None:
                raise SampleError(NOT_A_MEMBER)
        assign_interviewer(
            entry, interviewer=interviewer, user=request.user, expected_version=version
        )
        return f"“{entry}”: interviewer {interviewer or 'cleared'}."

    return _entry_action(request, ws, program_id, entry_id, AssignForm, act)
