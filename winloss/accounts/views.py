from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .access import workspace_view
from .roles import Cap


@login_required
def home(request):
    """Back to the workspace the person used last, or the list to choose from."""
    memberships = list(request.user.memberships.select_related("workspace"))
    slugs = {m.workspace.slug for m in memberships}
    last = request.user.last_workspace
    if last and last.slug in slugs:
        return redirect("workspace_home", ws=last.slug)
    if len(memberships) == 1:
        return redirect("workspace_home", ws=memberships[0].workspace.slug)
    return render(request, "accounts/choose_workspace.html", {"memberships": memberships})


@workspace_view(Cap.VIEW)
def workspace_home(request, ws):
    if request.user.last_workspace_id != request.workspace.pk:
        request.user.last_workspace = request.workspace
        request.user.save(update_fields=["last_workspace"])
    return redirect("programs:list", ws=ws)


@require_GET
def healthz(request) -> HttpResponse:
    """For load balancers and monitors: the app answers and its database does too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
