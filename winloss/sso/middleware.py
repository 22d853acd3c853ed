from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from winloss.accounts.models import Workspace

from .backend import signed_in_through_sso
from .protocols import is_configured


class RequireSignOnMiddleware:
    """A workspace that requires single sign-on opens only for a session that began with the
    company's provider. Anyone else signed in (with a password) is told so, with the way in;
    their other workspaces stay open. Checked for every route under /w/<ws>/, before its view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        slug = kwargs.get("ws")
        # With single sign-on switched off on the server, nobody could meet the requirement.
        if not slug or not is_configured() or not request.user.is_authenticated:
            return None
        if signed_in_through_sso(request):
            return None
        # Only the workspace's own members: anyone else gets the view's own 404.
        workspace = Workspace.objects.filter(
            slug=slug, sign_on_policy__require_sso=True, memberships__user=request.user
        ).first()
        if workspace is None:
            return None
        context = {"workspace": workspace, "next": request.get_full_path()}
        return render(request, "sso/required.html", context, status=403)
