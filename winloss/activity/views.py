from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from winloss.accounts.access import workspace_view
from winloss.accounts.roles import Cap

from .display import shown_entries
from .models import LogEntry

# Object types whose history can be opened from the interface, by URL name.
HISTORY_MODELS = {
    "program": "programs.program",
    "deal": "deals.deal",
    "account": "deals.account",
    "contact": "deals.contact",
    "competitor": "deals.competitor",
    "workspace": "accounts.workspace",
    "membership": "accounts.membership",
}


@workspace_view(Cap.VIEW_EVIDENCE)
def object_history(request, ws, kind, pk):
    label = HISTORY_MODELS.get(kind)
    if label is None:
        raise Http404("No history for that kind of record.")
    model = apps.get_model(label)
    filters = {"pk": pk}
    if model._meta.label_lower == "accounts.workspace":
        filters = {"pk": request.workspace.pk} if pk == request.workspace.pk else {"pk": None}
    else:
        filters["workspace"] = request.workspace
    obj = model._default_manager.filter(**filters).first()
    if obj is None:
        raise Http404("No such record in this workspace.")
    entries = LogEntry.objects.for_object(obj).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    shown = shown_entries(page, role=request.membership.role)
    return render(
        request,
        "activity/history.html",
        {"object": obj, "kind": kind, "page": page, "entries": shown},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def workspace_activity(request, ws):
    entries = LogEntry.objects.filter(workspace=request.workspace).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    shown = shown_entries(page, role=request.membership.role)
    return render(request, "activity/workspace.html", {"page": page, "entries": shown})
