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
        slug = view_kwargs.get("ws")
        user = request.user
        if slug and user.is_authenticated and not user.timezone and _reads_workspace(view_func):
            # A workspace page: ``workspace_view`` reads the workspace anyway, and activates
            # its zone from it (``activate_workspace_zone``), a query fewer on every page.
            return
        timezone.activate(zone_name_for(user, slug))


def _reads_workspace(view_func) -> bool:
    return getattr(view_func, "access_cap", None) is not None


def activate_workspace_zone(user, workspace: Workspace) -> None:
    """For ``workspace_view``, once it has the workspace: what ``zone_name_for`` gives on its
    pages, without reading the workspace again."""
    if not user.timezone:
        timezone.activate(zones.canonical(workspace.timezone) or settings.TIME_ZONE)


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
