"""The workspace admin's CRM sync page: the connection, Sync now, and the runs with counts."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, workspace_view
from winloss.accounts.roles import Cap
from winloss.jobs.services import start_job
from winloss.lib.errors import errors_as_message, errors_on_form

from . import sync
from .forms import ConnectionForm, WriteBackForm
from .models import CrmConnection, SyncRun
from .tasks import sync_crm_now
from .writeback_page import write_back_context

RUNS_LISTED = 30


def _page(
    request: WorkspaceRequest,
    form: ConnectionForm,
    status: int = 200,
    write_back_form: WriteBackForm | None = None,
) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    runs = list(SyncRun.objects.filter(workspace=request.workspace)[:RUNS_LISTED])
    for run in runs:
        # Shown as the page reads them: one cell per object, one line per error.
        run.cells = [run.counts.get(name) for name in sync.OBJECTS]  # type: ignore[attr-defined]
        run.error_lines = [sync.describe_error(e) for e in run.errors[:50]]  # type: ignore[attr-defined]
    context = {"form": form, "connection": connection, "runs": runs, "objects": sync.OBJECTS}
    context.update(write_back_context(request, write_back_form))
    return render(request, "crm/sync.html", context, status=status)


@workspace_view(Cap.MANAGE_WORKSPACE)
def sync_page(request: WorkspaceRequest, ws: str) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    return _page(request, ConnectionForm(instance=connection))


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def save_connection(request: WorkspaceRequest, ws: str) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    form = ConnectionForm(request.POST, instance=connection)
    if form.is_valid():
        with errors_on_form(form, "secret"):
            sync.save_connection(
                workspace=request.workspace, user=request.user, **form.cleaned_data
            )
            messages.success(request, "Connection saved. Sync now to check it.")
            return redirect("crm:sync", ws=ws)
    messages.error(request, "The connection was not saved: see the marked fields below.")
    return _page(request, form, status=400)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def sync_now(request: WorkspaceRequest, ws: str) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    if connection is None:
        messages.error(request, "Connect a CRM first.")
        return redirect("crm:sync", ws=ws)
    with errors_as_message(request):
        start_job(
            workspace=request.workspace,
            user=request.user,
            label=f"{connection.get_kind_display()} sync",
            task=sync_crm_now,
        )
        messages.success(request, "Sync started; its run appears below when it is done.")
    return redirect("crm:sync", ws=ws)
