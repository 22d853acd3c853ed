"""Personal API tokens: each acts as its owner, within one workspace, until revoked."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action

from .models import ApiToken, Membership, User, Workspace, hash_secret
from .services import AccountsError

# last_used is a hint for people reviewing their tokens, not an audit: one write a minute is
# plenty and keeps API reads from writing on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def create_token(*, user: User, workspace: Workspace, name: str) -> tuple[ApiToken, str]:
    if not Membership.objects.filter(user=user, workspace=workspace).exists():
        raise AccountsError("You can only create tokens for workspaces you belong to.")
    prefix = secrets.token_hex(4)
    raw = f"wl_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, workspace=workspace, name=name, prefix=prefix, key_hash=hash_secret(raw)
    )
    log_action(token, "api_token.created", user=user)
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, user: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(token, "api_token.revoked", user=user)


def authenticate_token(raw: str) -> tuple[ApiToken, Membership] | None:
    """The live token and its owner's current membership, or None."""
    if not raw.startswith("wl_"):
        return None
    token = (
        ApiToken.objects.select_related("user", "workspace")
        .filter(key_hash=hash_secret(raw), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = Membership.objects.filter(user=token.user, workspace=token.workspace).first()
    if membership is None:  # removed from the workspace: the token dies with the membership
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    membership.workspace = token.workspace
    return token, membership
