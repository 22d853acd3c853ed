"""Personal API tokens: each acts as its owner, within one workspace, until revoked."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F
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


def authenticate_token(raw: str) -> Membership | None:
    """The membership a live token acts through, its user and workspace loaded, or None.

    One query: the token, its owner's membership of the token's workspace, the owner and the
    workspace together (the API's floor is this lookup, so it is kept to one round of ORM
    work). The token's id is on the membership as ``api_token_id``.
    """
    if not raw.startswith("wl_"):
        return None
    found = (
        Membership.objects.select_related("user", "workspace")
        .filter(
            user__api_tokens__key_hash=hash_secret(raw),
            user__api_tokens__revoked_at=None,
            # Removed from the workspace: no membership, so the token dies with it.
            user__api_tokens__workspace=F("workspace"),
            user__is_active=True,
        )
        .annotate(
            api_token_id=F("user__api_tokens__id"),
            api_token_last_used=F("user__api_tokens__last_used"),
            api_token_created=F("user__api_tokens__created"),
        )
    )
    try:
        # get(): at most one row (key_hash is unique), and no ORDER BY to compile.
        membership = found.get()
    except Membership.DoesNotExist:
        return None
    now = timezone.now()
    token_id = membership.api_token_id
    last_used = membership.api_token_last_used
    if last_used is None or now - last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token_id).update(last_used=now)
    return membership
