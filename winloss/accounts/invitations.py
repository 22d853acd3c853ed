"""Invitations: a one-time link emailed to someone who is not yet a member. Each change is
logged."""

from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.lib.enqueue import enqueue_on_commit

from .models import INVITATION_LIFETIME, Invitation, Membership, User, Workspace, hash_secret
from .services import AccountsError, lock_workspace, normal_email, role_named
from .tasks import send_invitation_email


class InvitationUnusable(AccountsError):
    """The link cannot be used (any more): used, withdrawn or expired."""

    status = 410  # gone, for good


class UnknownInvitation(InvitationUnusable):
    """No invitation has this link: mistyped, cut short, or made up."""

    status = 404


@transaction.atomic
def invite_member(
    *, workspace: Workspace, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and email its link once the transaction commits.

    Returns the invitation and its one-time token; only the token's hash is stored, so the
    token travels in the email task's arguments and nowhere else.
    """
    role = role_named(role)
    email = normal_email(email)
    lock_workspace(workspace)
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
            f"{email} already has an invitation waiting. Withdraw it to send a new one."
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
        invitation, "invitation.sent", user=invited_by, data={"email": email, "role": role.label}
    )
    enqueue_on_commit(send_invitation_email, invitation.pk, token)
    return invitation, token


def _check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise UnknownInvitation("This invitation link is not valid. Check you copied it whole.")
    if invitation.accepted_at:
        raise InvitationUnusable("This invitation has already been used. Log in to continue.")
    if invitation.revoked_at:
        raise InvitationUnusable("This invitation was withdrawn. Ask for a new one.")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable("This invitation has expired. Ask for a new one.")
    return invitation


def find_invitation(token: str) -> Invitation:
    """The usable invitation this link stands for, or ``InvitationUnusable`` saying why not."""
    invitation = (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    return _check_usable(invitation)


@transaction.atomic
def accept_invitation(
    *, token: str, user: User | None = None, name: str | None = None, password: str | None = None
) -> Membership:
    """Join the workspace: as the logged-in ``user``, or as a new account for the invited
    address (``name`` and ``password`` chosen on the invitation page)."""
    # Locked, then checked: two quick clicks (or two people with one link) accept it once.
    invitation = _check_usable(
        Invitation.objects.select_for_update(of=("self",))
        .select_related("workspace", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise AccountsError(f"An account for {invitation.email} exists: log in to accept.")
        user = User.objects.create_user(invitation.email, password, name=name or "")
    elif user.email.lower() != invitation.email.lower():
        raise AccountsError(
            f"This invitation is for {invitation.email}, but you are logged in as {user.email}."
        )
    # Added directly (CLI, another admin) since the invitation was sent: keep that role.
    membership, _ = Membership.objects.get_or_create(
        user=user, workspace=invitation.workspace, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        invitation,
        "invitation.accepted",
        user=user,
        data={"email": invitation.email, "role": membership.get_role_display()},
    )
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise AccountsError(f"The invitation for {invitation.email} can no longer be withdrawn.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(invitation, "invitation.revoked", user=by, data={"email": invitation.email})
