"""API authentication: a personal token, acting as its owner in the token's workspace."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from winloss.accounts.roles import Cap
from winloss.accounts.tokens import authenticate_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = authenticate_token(token)
        if found is None:
            return None
        api_token, membership = found
        request.user = api_token.user
        request.workspace = membership.workspace  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token


def require(request: HttpRequest, cap: Cap) -> None:
    """403 with a reason when the token's role may not do this (mirrors workspace_view)."""
    membership = request.membership  # type: ignore[attr-defined]
    if not membership.can(cap):
        raise HttpError(403, f"Your role ({membership.get_role_display()}) cannot do this here.")


def get_workspace_object(request: HttpRequest, queryset, pk: int):
    """An object inside the token's workspace, or 404 (never another workspace's)."""
    obj = queryset.filter(pk=pk, workspace=request.workspace).first()  # type: ignore[attr-defined]
    if obj is None:
        raise HttpError(404, "Not found.")
    return obj
