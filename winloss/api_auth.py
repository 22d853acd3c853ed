"""API authentication: a personal token, acting as its owner in the token's workspace."""

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from winloss.accounts.roles import Cap
from winloss.accounts.tokens import authenticate_token
from winloss.sso.services import token_refused


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        membership = authenticate_token(token)
        if membership is None:
            return None
        # One rule, every door: a workspace that requires single sign-on for its pages
        # requires it of the API's tokens too.
        refused = token_refused(membership.workspace, membership.api_token_created)  # type: ignore[attr-defined]
        if refused:
            raise HttpError(403, refused)
        request.user = membership.user
        request.workspace = membership.workspace  # type: ignore[attr-defined]
        request.membership = membership  # type: ignore[attr-defined]
        return membership


def require(request: HttpRequest, cap: Cap) -> None:
    """403 with a reason when the token's role may not do this (mirrors workspace_view)."""
    membership = request.membership  # type: ignore[attr-defined]
    if not membership.can(cap):
        raise HttpError(403, f"Your role ({membership.get_role_display()}) cannot do this here.")
