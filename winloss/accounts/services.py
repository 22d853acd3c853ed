"""Writes about people: workspaces, memberships, profiles. Each change is logged.

Invitations are in ``invitations.py``."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from winloss.activity.services import log_action
from winloss.lib import zones
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError

from .models import (
    SLUG_MAX_LENGTH,
    Membership,
    User,
    Workspace,
)
from .roles import Role
from .signals import workspace_created


class AccountsError(DomainError):
    """A change to people or workspaces that cannot be made, said for the person who asked."""


def role_named(role: str) -> Role:
    if role not in Role.values:
        raise AccountsError(f"Unknown role {role!r}. Choose one of: {', '.join(Role.values)}.")
    return Role(role)


def normal_email(email: str) -> str:
    # One address, however it was typed: the user table compares them case-insensitively too.
    return User.objects.normalize_email(email.strip()).lower()


def lock_workspace(workspace: Workspace) -> None:
    """Serialise membership changes within one workspace.

    "Is there another admin?" and "is there a live invitation?" are read-then-write checks;
    two admins acting at once could each pass them. Locking the workspace row makes the
    second wait for the first to commit (SQLite already runs one writer at a time).
    """
    Workspace.objects.select_for_update().only("pk").get(pk=workspace.pk)


# Workspaces ---------------------------------------------------------------------------------


@transaction.atomic
def create_workspace(
    *, slug: str, name: str, user: User | None = None, actor: str = ""
) -> Workspace:
    try:
        validate_slug(slug)
    except ValidationError:
        raise AccountsError(
            f"{slug!r} cannot be an address: use lowercase letters, digits and hyphens, "
            "e.g. 'acme'."
        ) from None
    if slug != slug.lower() or len(slug) > SLUG_MAX_LENGTH:
        raise AccountsError(
            f"{slug!r} cannot be an address: use at most {SLUG_MAX_LENGTH} lowercase letters, "
            "digits and hyphens."
        )
    if Workspace.objects.filter(slug=slug).exists():
        raise AccountsError(f"A workspace with the address {slug!r} already exists.")
    try:
        with transaction.atomic():
            workspace = Workspace.objects.create(slug=slug, name=name or slug)
            workspace_created.send(sender=Workspace, workspace=workspace)
    except IntegrityError:  # created by someone else between the check and the insert
        raise AccountsError(f"A workspace with the address {slug!r} already exists.") from None
    log_action(workspace, "workspace.created", user=user, actor=actor)
    return workspace


# Members ------------------------------------------------------------------------------------


@transaction.atomic
def add_member(
    *,
    workspace: Workspace,
    email: str,
    role: str,
    name: str = "",
    password: str | None = None,
    by: User | None = None,
    actor: str = "",
) -> Membership:
    """Add a person, creating their account if needed.

    A new account gets ``password`` if one is given (the CLI's prompt); otherwise none at all,
    and the person chooses one through "Forgotten your password?".
    """
    role = role_named(role)
    email = normal_email(email)
    lock_workspace(workspace)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password, name=name)
    elif password is not None:
        # Setting someone's existing password would be a takeover, not an invitation.
        raise AccountsError(f"{email} already has an account and keeps its own password.")
    if Membership.objects.filter(user=user, workspace=workspace).exists():
        raise AccountsError(f"{email} is already a member of {workspace}.")
    membership = Membership.objects.create(user=user, workspace=workspace, role=role)
    log_action(
        membership,
        "membership.added",
        user=by,
        actor=actor,
        data={"member": email, "role": role.label},
    )
    return membership


def _locked_membership(membership: Membership) -> Membership:
    """The membership as stored now, read under the workspace lock (the caller's copy may
    come from a page opened minutes ago)."""
    lock_workspace(membership.workspace)
    current = (
        Membership.objects.select_related("user", "workspace").filter(pk=membership.pk).first()
    )
    if current is None:
        raise AccountsError(f"{membership.user} is no longer a member of {membership.workspace}.")
    return current


def is_last_admin(membership: Membership) -> bool:
    """Whether the workspace would have no admin left without this member's admin role."""
    if membership.role != Role.ADMIN:
        return False
    others = Membership.objects.filter(workspace=membership.workspace, role=Role.ADMIN)
    return not others.exclude(pk=membership.pk).exists()


def _check_admin_stays(membership: Membership) -> None:
    if is_last_admin(membership):
        raise AccountsError(
            f"{membership.user} is the only workspace admin, and a workspace needs at least "
            "one admin: make someone else admin first."
        )


@transaction.atomic
def change_role(
    *, membership: Membership, role: str, by: User, expected_version: int | None = None
) -> Membership:
    """Give a member another role. With ``expected_version`` (the members page sends it), a
    role changed by another admin since the page was opened is not silently overwritten."""
    role = role_named(role)
    current = _locked_membership(membership)
    if expected_version is not None and current.version != expected_version:
        raise AccountsError(
            f"Someone else changed {current.user}'s role while you were looking: it is now "
            f"{current.get_role_display()}. Nothing was changed; choose again if needed."
        )
    if current.role == role:
        return current
    if role != Role.ADMIN:
        _check_admin_stays(current)
    old = current.get_role_display()
    Membership.objects.filter(pk=current.pk).update(role=role, version=current.version + 1)
    current.role, current.version = role, current.version + 1
    log_action(
        current,
        "membership.role_changed",
        user=by,
        changes={"role": [old, role.label]},
        data={"member": current.user.email, "role": role.label},
    )
    return current


@transaction.atomic
def remove_member(*, membership: Membership, by: User | None = None, actor: str = "") -> None:
    current = _locked_membership(membership)
    _check_admin_stays(current)
    # Logged against the workspace: the membership row is about to disappear.
    log_action(
        current.workspace,
        "membership.removed",
        user=by,
        actor=actor,
        data={"member": current.user.email, "role": current.get_role_display()},
    )
    current.delete()


# Your own account ---------------------------------------------------------------------------


def remember_workspace(*, user: User, workspace: Workspace) -> None:
    """The workspace the person opened last, where the home page takes them next time. A
    preference kept for them, not a change to audit."""
    if user.last_workspace_id != workspace.pk:
        User.objects.filter(pk=user.pk).update(last_workspace=workspace)
        user.last_workspace = workspace


@transaction.atomic
def rename_user(*, user: User, name: str) -> User:
    """Change one's own full name. Logged on the person, outside any workspace: a name is
    theirs, not a workspace's, and shows the same in every workspace they belong to."""
    old = User.objects.values_list("name", flat=True).get(pk=user.pk)
    if old == name:
        return user
    user.name = name
    user.save(update_fields=["name"])
    log_action(user, "user.renamed", user=user, changes={"name": [old, name]})
    return user


def _zone_or_error(name: str) -> str:
    if not name:
        return ""
    current = zones.canonical(name)
    if current is None:
        raise AccountsError(f"“{name}” is not a time zone: pick one from the list.")
    return current


@transaction.atomic
def set_user_time_zone(*, user: User, name: str) -> User:
    """The zone a person reads times in; blank: their workspace's."""
    name = _zone_or_error(name)
    old = User.objects.values_list("timezone", flat=True).get(pk=user.pk)
    if old != name:
        user.timezone = name
        user.save(update_fields=["timezone"])
        log_action(user, "user.time_zone_changed", user=user, changes={"timezone": [old, name]})
    return user


@transaction.atomic
def rename_workspace(
    *, workspace: Workspace, name: str, user: User, expected_version: int
) -> Workspace:
    """The company's name as members and respondents read it (emails say it as {company});
    the address (slug) stays, so links already sent keep working."""
    name = " ".join(name.split())
    if not name:
        raise AccountsError("Give the workspace a name.")
    old = Workspace.objects.values_list("name", flat=True).get(pk=workspace.pk)
    if old != name:
        workspace.name = name
        save_versioned(workspace, expected_version=expected_version, fields=["name"])
        log_action(workspace, "workspace.renamed", user=user, changes={"name": [old, name]})
    return workspace


@transaction.atomic
def set_workspace_time_zone(*, workspace: Workspace, name: str, user: User) -> Workspace:
    """The zone members read times in unless they chose their own; blank: the server's."""
    name = _zone_or_error(name)
    old = Workspace.objects.values_list("timezone", flat=True).get(pk=workspace.pk)
    if old != name:
        workspace.timezone = name
        workspace.save(update_fields=["timezone"])
        log_action(
            workspace, "workspace.time_zone_changed", user=user, changes={"timezone": [old, name]}
        )
    return workspace
