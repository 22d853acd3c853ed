"""The workspace admin's retention page: the policy, what the next purge removes, past purges."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message, errors_on_form
from winloss.programs.models import SampleEntry
from winloss.surveys.models import SurveyResponse

from . import services
from .forget import Reach, done_sentence, forget_respondent, reach_of, reach_of_response
from .forms import ForgetForm, PolicyForm, PurgeForm
from .models import PurgeRun
from .queries import policy_for, preview
from .stores import UPLOADS_KEPT_DAYS

RUNS_LISTED = 50


def _page(request: WorkspaceRequest, form: PolicyForm, purge_form: PurgeForm) -> HttpResponse:
    workspace = request.workspace
    context = {
        "form": form,
        "purge_form": purge_form,
        "policy": policy_for(workspace),
        "preview": preview(workspace),
        "uploads_kept_days": UPLOADS_KEPT_DAYS,
        "runs": PurgeRun.objects.filter(workspace=workspace).select_related("user")[:RUNS_LISTED],
    }
    return render(request, "retention/retention.html", context)


@workspace_view(Cap.MANAGE_WORKSPACE)
def retention(request: WorkspaceRequest, ws: str) -> HttpResponse:
    policy = policy_for(request.workspace)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        with errors_on_form(form, "days"):
            services.save_policy(
                workspace=request.workspace,
                days=form.cleaned_data["days"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Retention policy saved and recorded in the history.")
            return redirect("retention:policy", ws=ws)
    return _page(request, form, PurgeForm())


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def purge_now(request: WorkspaceRequest, ws: str) -> HttpResponse:
    workspace = request.workspace
    purge_form = PurgeForm(request.POST)
    if not purge_form.is_valid():
        return _page(request, PolicyForm(instance=policy_for(workspace)), purge_form)
    with errors_as_message(request):
        run = services.purge(workspace, user=request.user)
        messages.success(
            request,
            f"Purged {run.interviews} interviews: {run.notes} notes and {run.turns} transcript "
            f"turns emptied, {run.excerpts} coded excerpts kept, anonymised.",
        )
    return redirect("retention:policy", ws=ws)


@workspace_view(Cap.FORGET)
def forget(request: WorkspaceRequest, ws: str, entry_id: int) -> HttpResponse:
    """A respondent's request to delete their data: what it reaches, then one confirmed POST."""
    sampled = get_object_or_404(
        SampleEntry.objects.select_related("deal", "contact", "program"),
        pk=entry_id,
        workspace=request.workspace,
    )
    back = reverse("outreach:appointment", args=[ws, sampled.program_id, entry_id])
    return _forget(request, reach_of(sampled), sampled.deal, sampled.program, back)


@workspace_view(Cap.FORGET)
def forget_survey_respondent(request: WorkspaceRequest, ws: str, response_id: int) -> HttpResponse:
    """The same request from a survey's respondent (whose deal may be in no sample)."""
    response = get_object_or_404(
        SurveyResponse.objects.select_related("deal", "contact", "program", "workspace"),
        pk=response_id,
        workspace=request.workspace,
    )
    back = reverse("survey_sending:response", args=[ws, response.program_id, response_id])
    return _forget(request, reach_of_response(response), response.deal, response.program, back)


def _forget(request: WorkspaceRequest, reach: Reach, deal, program, back: str) -> HttpResponse:
    form = ForgetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_as_message(request):
            counts = forget_respondent(reach, user=request.user)
            messages.success(request, done_sentence(counts))
        return redirect(back)
    context = {
        "deal": deal,
        "program": program,
        "reach": reach,
        "counts": reach.counts(),
        "form": form,
        "back": back,
    }
    return render(request, "retention/forget.html", context)
