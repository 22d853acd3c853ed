"""Personal API tokens: each acts as its owner, within one workspace, until revoked."""

import secrets
from datetime import timedelta
from functools import cache

from django.db import connection, transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.lib.rows import Columns

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


_TOKEN = Columns(ApiToken, "t")
_MEMBERSHIP = Columns(Membership, "m")
_USER = Columns(User, "u")
_WORKSPACE = Columns(Workspace, "w")


@cache
def _token_sql() -> str:
    """The one SELECT behind every API call, built once (``lib.rows``: the ORM took some
    2 ms of CPU to build it on every request, the database a tenth of that to answer)."""
    return (
        f"SELECT {_TOKEN.select()}, {_MEMBERSHIP.select()}, {_USER.select()}, "
        f"{_WORKSPACE.select()} "
        f"FROM {ApiToken._meta.db_table} t "
        # Removed from the workspace: no membership, so the token dies with it.
        f"INNER JOIN {_MEMBERSHIP.table} m "
        "ON m.user_id = t.user_id AND m.workspace_id = t.workspace_id "
        f"INNER JOIN {_USER.table} u ON u.id = t.user_id "
        f"INNER JOIN {_WORKSPACE.table} w ON w.id = t.workspace_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active"
    )


def authenticate_token(raw: str) -> Membership | None:
    """The membership a live token acts through, its user and workspace loaded, or None.

    One query, read on every call (never cached: a token revoked, an owner deactivated or
    removed from the workspace is refused from the next request on): the token, its owner's
    membership of the token's workspace, the owner and the workspace together. The token's
    id, last use and creation are on the membership as ``api_token_id``,
    ``api_token_last_used`` and ``api_token_created``.
    """
    if not raw.startswith("wl_"):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_token_sql(), [hash_secret(raw)])
        row = cursor.fetchone()  # at most one: key_hash is unique
    if row is None:
        return None
    token = _TOKEN.build(row[: len(_TOKEN)])
    at = len(_TOKEN)
    membership = _MEMBERSHIP.build(row[at : at + len(_MEMBERSHIP)])
    at += len(_MEMBERSHIP)
    membership.user = _USER.build(row[at : at + len(_USER)])
    at += len(_USER)
    membership.workspace = _WORKSPACE.build(row[at:])
    membership.api_token_id = token.pk  # type: ignore[attr-defined]
    membership.api_token_last_used = token.last_used  # type: ignore[attr-defined]
    membership.api_token_created = token.created  # type: ignore[attr-defined]
    now = timezone.now()
    if token.last_used is None or now - token.last_used > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return membership
