"""Writes about people: workspaces, memberships, invitations. Each change is logged."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.jobs.services import enqueue_on_commit

from .models import INVITATION_LIFETIME, Invitation, Membership, User, Workspace, hash_secret
from .roles import Role


class AccountsError(Exception):
    """A change to people or workspaces that cannot be made, said for the person who asked."""


def _role(role: str) -> Role:
    if role not in Role.values:
        raise AccountsError(f"Unknown role {role!r}. Choose one of: {', '.join(Role.values)}.")
    return Role(role)


@transaction.atomic
def create_workspace(
    *, slug: str, name: str, user: User | None = None, actor: str = ""
) -> Workspace:
    if Workspace.objects.filter(slug=slug).exists():
        raise AccountsError(f"A workspace with the address {slug!r} already exists.")
    workspace = Workspace.objects.create(slug=slug, name=name or slug)
    log_action(workspace, "workspace.created", user=user, actor=actor)
    return workspace


@transaction.atomic
def add_member(
    *,
    workspace: Workspace,
    email: str,
    role: str,
    name: str = "",
    by: User | None = None,
    actor: str = "",
) -> Membership:
    """Add a person (creating their account, without a password, if needed)."""
    role = _role(role)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, name=name)
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


def _admins_left(workspace: Workspace, without: Membership) -> int:
    return (
        Membership.objects.filter(workspace=workspace, role=Role.ADMIN)
        .exclude(pk=without.pk)
        .count()
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    role = _role(role)
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and not _admins_left(membership.workspace, membership):
        raise AccountsError("A workspace needs at least one admin: make someone else admin first.")
    old = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        membership,
        "membership.role_changed",
        user=by,
        changes={"role": [old, role.label]},
        data={"member": membership.user.email},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    if membership.role == Role.ADMIN and not _admins_left(membership.workspace, membership):
        raise AccountsError("A workspace needs at least one admin: make someone else admin first.")
    # Logged against the workspace: the membership row is about to disappear.
    log_action(
        membership.workspace,
        "membership.removed",
        user=by,
        data={"member": membership.user.email, "role": membership.get_role_display()},
    )
    membership.delete()


@transaction.atomic
def invite_member(
    *, workspace: Workspace, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and email its link. Returns the invitation and the one-time token."""
    role = _role(role)
    email = User.objects.normalize_email(email).lower()
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise AccountsError(f"{email} is already a member of {workspace}.")
    live = Invitation.objects.filter(
        workspace=workspace,
        email__iexact=email,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    )
    if live.exists():
        raise AccountsError(
            f"{email} already has an invitation waiting. Revoke it to send a new one."
        )
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=hash_secret(token),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    log_action(
        invitation.workspace,
        "invitation.sent",
        user=invited_by,
        data={"email": email, "role": role.label},
    )
    from .tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, invitation.pk, token)
    return invitation, token


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", args=[token])


class InvitationUnusable(AccountsError):
    """The link is unknown, used, revoked or expired."""


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("This invitation link is not valid. Check you copied it whole.")
    if invitation.accepted_at:
        raise InvitationUnusable("This invitation has already been used. Log in to continue.")
    if invitation.revoked_at:
        raise InvitationUnusable("This invitation was withdrawn. Ask for a new one.")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable("This invitation has expired. Ask for a new one.")
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, user: User | None = None, name: str = "", password: str | None = None
) -> Membership:
    """Join the workspace: as the logged-in person, or as a new account for the invited address."""
    invitation = find_invitation(token)
    # Lock the row so one link cannot be accepted twice by two quick clicks.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise InvitationUnusable("This invitation has already been used. Log in to continue.")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise AccountsError(f"An account for {invitation.email} exists: log in to accept.")
        user = User.objects.create_user(invitation.email, password, name=name)
    elif user.email.lower() != invitation.email.lower():
        raise AccountsError(
            f"This invitation is for {invitation.email}, but you are logged in as {user.email}."
        )
    membership, _ = Membership.objects.get_or_create(
        user=user, workspace=invitation.workspace, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        invitation.workspace,
        "invitation.accepted",
        user=user,
        data={"email": invitation.email, "role": membership.get_role_display()},
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    if invitation.accepted_at or invitation.revoked_at:
        raise AccountsError("This invitation can no longer be revoked.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        invitation.workspace, "invitation.revoked", user=by, data={"email": invitation.email}
    )
