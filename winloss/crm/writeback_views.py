"""The CRM page's write-back: its settings and mapping, what a validated interview would
write (sent nowhere), and writing again after a failure. Workspace admins only."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import WorkspaceRequest, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.coding.queries import codebook_for
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED

from .forms import WriteBackForm
from .models import CrmConnection, WriteBack
from .views import ConnectionForm, _page
from .writeback import preview_write_back, queue_write_back, save_write_back_settings


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def save_settings(request: WorkspaceRequest, ws: str) -> HttpResponse:
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    if connection is None:
        messages.error(request, "Connect a CRM first.")
        return redirect("crm:sync", ws=ws)
    form = WriteBackForm(
        request.POST, themes=codebook_for(request.workspace), connection=connection
    )
    if form.is_valid():
        data = form.cleaned_data
        save_write_back_settings(
            connection=connection,
            user=request.user,
            write_back=data["write_back"],
            status_field=data["status_field"],
            reasons_field=data["reasons_field"],
            link_field=data["link_field"],
            theme_values=form.theme_values,
        )
        messages.success(request, "Write-back settings saved.")
        return redirect("crm:sync", ws=ws)
    messages.error(request, "The write-back settings were not saved: see the marked fields.")
    return _page(request, ConnectionForm(instance=connection), status=400, write_back_form=form)


@workspace_view(Cap.MANAGE_WORKSPACE)
def preview(request: WorkspaceRequest, ws: str, interview_id: int) -> HttpResponse:
    """What would be written for one validated interview, computed as the write does it."""
    interview = get_workspace_object(
        request, Interview.objects.select_related("entry__deal", "program"), interview_id
    )
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    context = {
        "interview": interview,
        "connection": connection,
        "preview": connection and preview_write_back(connection=connection, interview=interview),
        "writes": WriteBack.objects.filter(interview=interview).select_related(
            "interview__entry__deal"
        )[:10],
    }
    return render(request, "crm/write_back_preview.html", context)


@require_POST
@workspace_view(Cap.MANAGE_WORKSPACE)
def write_now(request: WorkspaceRequest, ws: str, interview_id: int) -> HttpResponse:
    """Write (again, after a failure) in the background; the result is listed when done."""
    interview = get_workspace_object(request, Interview.objects.filter(VALIDATED), interview_id)
    if queue_write_back(interview=interview, user=request.user):
        messages.success(request, "Writing to the CRM; the result is listed below when done.")
    else:
        messages.error(request, "Write-back is switched off: switch it on below first.")
    return redirect("crm:write_back_preview", ws=ws, interview_id=interview.pk)
