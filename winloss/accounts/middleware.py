"""Each person reads times in their own zone: theirs if they chose one, else the workspace's."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from winloss.lib import zones

from .models import Workspace


class TimezoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()  # the thread serves someone else next

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        name = zone_name_for(request.user, view_kwargs.get("ws"))
        timezone.activate(name)


def zone_name_for(user, workspace_slug: str | None = None) -> str:
    """The zone a person reads times in, on a page of the workspace named (if any)."""
    chosen = getattr(user, "timezone", "") if user.is_authenticated else ""
    if not chosen and user.is_authenticated:
        workspaces = Workspace.objects.exclude(timezone="")
        if workspace_slug:
            workspaces = workspaces.filter(slug=workspace_slug)
        elif user.last_workspace_id:
            workspaces = workspaces.filter(pk=user.last_workspace_id)
        else:
            workspaces = workspaces.none()
        chosen = workspaces.values_list("timezone", flat=True).first() or ""
    return zones.canonical(chosen) or settings.TIME_ZONE
