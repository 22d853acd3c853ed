"""Writes for SOP step 9: raise, acknowledge and resolve escalations, always logged."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import Membership, User, Workspace
from winloss.activity.services import log_action
from winloss.lib.concurrency import save_versioned
from winloss.lib.enqueue import enqueue_on_commit
from winloss.lib.errors import DomainError

from .models import Category, ChatWebhook, Escalation, EscalationStatus
from .notify import notify_owner

if TYPE_CHECKING:
    from winloss.interviews.models import Interview
    from winloss.programs.models import Program


class EscalationError(DomainError):
    """An escalation change that cannot be made, said for the person who asked."""


@transaction.atomic
def raise_escalation(
    *,
    interview: "Interview | None" = None,
    program: "Program | None" = None,
    category: str,
    passage: str,
    owner: User,
    expected_response_by: dt.date,
    user: User | None,
    source: str = "manual",
) -> Escalation:
    """Route an issue to its owner with a date (SOP step 9); the owner hears at once."""
    program = program or (interview.program if interview is not None else None)
    if program is None:
        raise EscalationError("Say which program the escalation belongs to.")
    if category not in Category.values:
        raise EscalationError("Choose what kind of issue this is.")
    if not passage.strip():
        raise EscalationError("Quote what the respondent said that needs attention.")
    if not Membership.objects.filter(user=owner, workspace=program.workspace).exists():
        raise EscalationError(f"{owner} is not a member of this workspace.")
    if expected_response_by < timezone.localdate():
        raise EscalationError("The expected response date cannot be in the past.")
    escalation = Escalation.objects.create(
        workspace=program.workspace,
        program=program,
        interview=interview,
        category=category,
        passage=passage.strip(),
        owner=owner,
        raised_by=user,
        expected_response_by=expected_response_by,
        source=source,
    )
    log_action(
        program,
        "escalation.raised",
        user=user,
        data={"category": escalation.get_category_display(), "owner": str(owner)},
    )
    enqueue_on_commit(notify_owner, escalation.pk)
    return escalation


URGENT_RESPONSE_DAYS = 2  # "escalated at once": the owner routes it within two days


@transaction.atomic
def flag_urgent(*, interview: "Interview", category: str, passage: str, user: User) -> Escalation:
    """The interviewer's flag on a sensitive disclosure, raised during the interview (SOP
    step 9): an open escalation owned by the program's owner, who routes it on."""
    from winloss.accounts.roles import Role

    owner = interview.program.owner
    if owner is None:
        # No program owner named: the workspace's owners or admins route it instead.
        membership = (
            Membership.objects.filter(
                workspace=interview.program.workspace, role__in=[Role.OWNER, Role.ADMIN]
            )
            .select_related("user")
            .order_by("role", "pk")
            .first()
        )
        owner = membership.user if membership else None
    if owner is None:
        raise EscalationError("Nobody owns this program to route the issue to.")
    return raise_escalation(
        interview=interview,
        category=category,
        passage=passage,
        owner=owner,
        expected_response_by=timezone.localdate() + dt.timedelta(days=URGENT_RESPONSE_DAYS),
        user=user,
        source="interview",
    )


@transaction.atomic
def acknowledge(escalation: Escalation, *, user: User, expected_version: int) -> Escalation:
    if escalation.status != EscalationStatus.OPEN:
        raise EscalationError("This escalation is already acknowledged.")
    escalation.status = EscalationStatus.ACKNOWLEDGED
    escalation.acknowledged_at = timezone.now()
    save_versioned(
        escalation, expected_version=expected_version, fields=["status", "acknowledged_at"]
    )
    log_action(escalation.program, "escalation.acknowledged", user=user, data=_said(escalation))
    return escalation


@transaction.atomic
def resolve(
    escalation: Escalation, *, user: User, resolution: str, expected_version: int
) -> Escalation:
    if escalation.status == EscalationStatus.RESOLVED:
        raise EscalationError("This escalation is already resolved.")
    if not resolution.strip():
        raise EscalationError("Record how it was resolved: the report may cite it.")
    escalation.status = EscalationStatus.RESOLVED
    escalation.resolution = resolution.strip()
    escalation.resolved_at = timezone.now()
    escalation.acknowledged_at = escalation.acknowledged_at or escalation.resolved_at
    save_versioned(
        escalation,
        expected_version=expected_version,
        fields=["status", "resolution", "resolved_at", "acknowledged_at"],
    )
    log_action(
        escalation.program,
        "escalation.resolved",
        user=user,
        data={**_said(escalation), "resolution": escalation.resolution},
    )
    return escalation


@transaction.atomic
def save_webhook(
    *, workspace: Workspace, user: User, kind: str, url: str, enabled: bool
) -> ChatWebhook:
    """Where the workspace's new escalations are also announced. The address is not logged:
    an incoming-webhook address is itself the key to post in the channel."""
    hook, _ = ChatWebhook.objects.update_or_create(
        workspace=workspace, defaults={"kind": kind, "url": url, "enabled": enabled}
    )
    log_action(workspace, "webhook.saved", user=user, data={"kind": hook.get_kind_display()})
    return hook


def _said(escalation: Escalation) -> dict[str, Any]:
    return {"category": escalation.get_category_display(), "owner": str(escalation.owner)}
