"""The workspace admin's deal-closed triggers page: each program's setting, and the webhook
secret with the addresses to give the CRM."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_on_form
from winloss.programs.models import Program, ProgramStatus

from . import triggers, webhooks
from .models import CrmConnection, CrmWebhook, DealTrigger
from .trigger_forms import DealTriggerForm, WebhookForm


def _programs(request: WorkspaceRequest) -> list[Program]:
    return list(
        Program.objects.filter(workspace=request.workspace)
        .exclude(status=ProgramStatus.CLOSED)
        .order_by("name")
    )


def _page(
    request: WorkspaceRequest,
    *,
    webhook_form: WebhookForm | None = None,
    bound: DealTriggerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    webhook = CrmWebhook.objects.filter(connection=connection).first() if connection else None
    rows = []
    for program in _programs(request):
        if bound is not None and bound.prefix == f"p{program.pk}":
            rows.append((program, bound))
            continue
        current = DealTrigger.objects.filter(program=program).first()
        rows.append((program, DealTriggerForm(instance=current, prefix=f"p{program.pk}")))
    address = events_address = ""
    if connection is not None:
        name = "crm_hooks:hubspot" if connection.kind == "hubspot" else "crm_hooks:salesforce"
        kwargs: dict = {"pk": connection.pk}
        if connection.kind == "salesforce":
            kwargs["token"] = "TOKEN"
        address = settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)
        if connection.kind == "salesforce":
            events_address = settings.SITE_URL.rstrip("/") + reverse(
                "crm_hooks:salesforce_events", kwargs={"pk": connection.pk}
            )
    initial = {"organization_id": webhook.organization_id} if webhook else {}
    context = {
        "connection": connection,
        "webhook": webhook,
        "address": address,
        "events_address": events_address,
        "webhook_form": webhook_form or WebhookForm(initial=initial),
        "rows": rows,
    }
    return render(request, "crm/triggers.html", context, status=status)


@workspace_view(Cap.MANAGE_WORKSPACE)
def triggers_page(request: WorkspaceRequest, ws: str) -> HttpResponse:
    return _page(request)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def save_trigger(request: WorkspaceRequest, ws: str, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_id, workspace=request.workspace)
    current = DealTrigger.objects.filter(program=program).first()
    form = DealTriggerForm(request.POST, instance=current, prefix=f"p{program.pk}")
    if form.is_valid():
        triggers.save_deal_trigger(program=program, user=request.user, **form.cleaned_data)
        messages.success(request, f"The deal-closed trigger of {program} is saved.")
        return redirect("crm:triggers", ws=ws)
    messages.error(request, "The trigger was not saved: see the marked fields below.")
    return _page(request, bound=form, status=400)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def save_webhook(request: WorkspaceRequest, ws: str) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    if connection is None:
        messages.error(request, "Connect a CRM first.")
        return redirect("crm:sync", ws=ws)
    form = WebhookForm(request.POST)
    if form.is_valid():
        with errors_on_form(form, "secret"):
            webhooks.save_webhook(connection=connection, user=request.user, **form.cleaned_data)
            messages.success(request, "Webhook secret saved.")
            return redirect("crm:triggers", ws=ws)
    messages.error(request, "The webhook secret was not saved: see the marked fields below.")
    return _page(request, webhook_form=form, status=400)
