"""Writes of single sign-on: signing a person in from their provider's claims, a workspace's
sign-on rules, and roles that follow the provider's groups. Each change is logged."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Role
from winloss.accounts.services import is_last_admin, lock_workspace
from winloss.activity.services import log_action
from winloss.lib.errors import DomainError

from .models import GroupRole, SignOnPolicy
from .protocols import is_configured

logger = logging.getLogger(__name__)


class SignOnError(DomainError):
    """A sign-in or a sign-on setting that cannot be accepted, said for the person."""


@dataclass(frozen=True)
class CompanyAccount:
    """What the company's sign-in service vouches for, whichever the protocol: the claims of
    an OpenID Connect provider or the attributes of a SAML assertion."""

    email: str
    verified: bool  # the service vouches that the address is this person's
    name: str = ""
    groups: frozenset[str] = field(default_factory=frozenset)
    issuer: str = ""


def sign_in_with_company_account(*, account: CompanyAccount, may_create: bool) -> User:
    """The person the sign-in service vouches for: their account matched by a verified
    address, or a new one (when ``may_create``); their roles updated from their groups where a
    workspace maps them. Raises ``SignOnError`` (and logs the refusal on a matching account)
    when that cannot be."""
    email = User.objects.normalize_email(account.email.strip()).lower()
    if not email:
        raise SignOnError(
            "Your company account did not tell winloss your email address, so it cannot "
            "sign you in. Ask your IT team to release your email address to winloss."
        )
    existing = User.objects.filter(email__iexact=email).first()
    if not account.verified:
        reason = "the address is not verified by the company's sign-in service"
        _log_refusal(existing, email, reason)
        raise SignOnError(
            f"Your company's sign-in service has not verified the address {email}, so winloss "
            "cannot tell it is yours and did not sign you in. Ask your IT team to verify it, "
            "or log in with your password."
        )
    if existing is None and not may_create:
        raise SignOnError(
            f"There is no winloss account for {email}. Ask a workspace admin to invite you."
        )
    if existing is not None and not existing.is_active:
        _log_refusal(existing, email, "the account is switched off")
        raise SignOnError(f"The winloss account for {email} is switched off.")
    return _sign_in(email=email, user=existing, account=account)


def _log_refusal(user: User | None, email: str, reason: str) -> None:
    # Only on an existing account: an unknown address leaves no trace to attach it to.
    if user is not None:
        log_action(user, "sso.refused", data={"email": email, "reason": reason})


@transaction.atomic
def _sign_in(*, email: str, user: User | None, account: CompanyAccount) -> User:
    if user is None:
        try:
            with transaction.atomic():
                # No password: this person signs in through the provider (or resets one).
                user = User.objects.create_user(email, None, name=account.name)
        except IntegrityError:  # their first two sign-ins raced; the other one created it
            user = User.objects.get(email__iexact=email)
        else:
            log_action(user, "sso.account_created", user=user, data={"email": email})
    apply_group_roles(user=user, groups=set(account.groups))
    log_action(user, "sso.signed_in", user=user, data={"issuer": account.issuer})
    return user


def _rank(role: str) -> int:
    # Role lists the roles from the most powers to the fewest.
    return Role.values.index(role)


@transaction.atomic
def apply_group_roles(*, user: User, groups: set[str]) -> None:
    """In each workspace that maps one of ``groups`` to a role, make ``user`` a member with the
    highest such role. A person in no mapped group keeps what an admin gave them; the last
    admin keeps their role."""
    mapped = GroupRole.objects.filter(group__in=groups).select_related("workspace")
    best: dict[int, GroupRole] = {}
    for mapping in mapped:
        held = best.get(mapping.workspace_id)
        if held is None or _rank(mapping.role) < _rank(held.role):
            best[mapping.workspace_id] = mapping
    for mapping in best.values():
        _give_role(user=user, workspace=mapping.workspace, role=Role(mapping.role), groups=groups)


def _give_role(*, user: User, workspace: Workspace, role: Role, groups: set[str]) -> None:
    lock_workspace(workspace)
    membership = Membership.objects.filter(user=user, workspace=workspace).first()
    from_groups = sorted(
        GroupRole.objects.filter(workspace=workspace, group__in=groups).values_list(
            "group", flat=True
        )
    )
    data = {"member": user.email, "role": role.label, "groups": from_groups}
    if membership is None:
        membership = Membership.objects.create(user=user, workspace=workspace, role=role)
        log_action(membership, "sso.member_from_groups", user=user, data=data)
        return
    if membership.role == role:
        return
    if is_last_admin(membership):
        logger.warning(
            "%s stays admin of %s: their groups would make them %s, and they are its last admin.",
            user.email,
            workspace.slug,
            role,
        )
        return
    old = membership.get_role_display()
    Membership.objects.filter(pk=membership.pk).update(role=role, version=membership.version + 1)
    membership.role = role
    log_action(
        membership,
        "sso.role_from_groups",
        user=user,
        changes={"role": [old, role.label]},
        data=data,
    )


# A workspace's sign-on rules ---------------------------------------------------------------


@transaction.atomic
def set_sso_requirement(
    *, workspace: Workspace, required: bool, user: User, through_sso: bool
) -> SignOnPolicy:
    """Require (or stop requiring) that members open the workspace in a session signed in
    through the company's provider. ``through_sso``: whether ``user``'s own session was."""
    if required and not is_configured():
        raise SignOnError("Single sign-on is not set up on this server, so it cannot be required.")
    if required and not through_sso:
        # Saved now, it would shut the admin's own session out of the workspace.
        raise SignOnError(
            "Sign in with your company account first (log out, then “Sign in with your company "
            "account”), so that you can still open this workspace once it is required."
        )
    policy, _ = SignOnPolicy.objects.select_for_update().get_or_create(workspace=workspace)
    if policy.require_sso != required:
        log_action(
            workspace,
            "sso.requirement_changed",
            user=user,
            changes={"require_sso": [policy.require_sso, required]},
        )
        policy.require_sso = required
        policy.required_since = timezone.now() if required else None
        policy.save(update_fields=["require_sso", "required_since"])
    return policy


def made_before_requirement(workspace: Workspace, made: dt.datetime | None) -> bool:
    """Whether a standing credential made at ``made`` (an API token, a calendar feed's address)
    predates ``workspace``'s single sign-on requirement, so was perhaps made in a password
    session: the pages' rule for what does not open a page each time."""
    if not is_configured():
        return False
    policy = SignOnPolicy.objects.filter(workspace=workspace, require_sso=True).first()
    if policy is None:
        return False
    # Required before the date was kept: nothing made until now can be vouched for.
    return policy.required_since is None or made is None or made < policy.required_since


def token_refused(workspace: Workspace, token_created: dt.datetime) -> str:
    """Why an API token may not act in ``workspace``, or "": the same rule as the pages. A
    workspace that requires single sign-on takes only tokens made after it began to (made in
    a page that, from then on, opens only in a session through the company's provider)."""
    if not made_before_requirement(workspace, token_created):
        return ""
    return (
        f"{workspace.name} requires single sign-on, and this token was made before it did: "
        "sign in with your company account and make a new token."
    )


@transaction.atomic
def map_group(*, workspace: Workspace, group: str, role: str, user: User) -> GroupRole:
    group = group.strip()
    if not group:
        raise SignOnError("Name the group as your company's sign-in service sends it.")
    if role not in Role.values:
        raise SignOnError("Choose one of the roles in the list.")
    if GroupRole.objects.filter(workspace=workspace, group=group).exists():
        raise SignOnError(f"The group {group} already gives a role: remove it first to change it.")
    mapping = GroupRole.objects.create(workspace=workspace, group=group, role=role)
    log_action(
        workspace,
        "sso.group_mapped",
        user=user,
        data={"group": group, "role": mapping.get_role_display()},
    )
    return mapping


@transaction.atomic
def unmap_group(*, mapping: GroupRole, user: User) -> None:
    """Stop giving the group a role; members keep the role they have."""
    log_action(mapping.workspace, "sso.group_unmapped", user=user, data={"group": mapping.group})
    mapping.delete()
