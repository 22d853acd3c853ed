"""Writes for closing the loop: actions and follow-ups, logged, with one reminder each."""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from winloss.accounts.models import Membership, User, Workspace
from winloss.activity.services import log_action
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError
from winloss.programs.models import EntryStatus, Program, SampleEntry

from .models import CLOSED, Action, ActionStatus, ExpectedChange, FollowUp

if TYPE_CHECKING:
    from winloss.coding.models import CodedExcerpt, Theme
    from winloss.escalations.models import Escalation


class ActionError(DomainError):
    """An action change that cannot be made, said for the person who asked."""


def _member(owner: User, workspace: Workspace) -> None:
    if not Membership.objects.filter(user=owner, workspace=workspace).exists():
        raise ActionError(f"{owner} is not a member of this workspace.")


@transaction.atomic
def create_action(
    *,
    program: Program,
    title: str,
    owner: User,
    due_date: dt.date,
    expected_change: str,
    user: User | None,
    description: str = "",
    theme: "Theme | None" = None,
    evidence: Iterable["CodedExcerpt"] = (),
    escalation: "Escalation | None" = None,
) -> Action:
    if not title.strip():
        raise ActionError("Say what is to be done.")
    if expected_change not in ExpectedChange.values:
        raise ActionError("Choose the expected change: messaging, process, pricing, product …")
    _member(owner, program.workspace)
    if escalation is not None and escalation.program_id != program.pk:
        raise ActionError("That escalation belongs to another program.")
    action = Action.objects.create(
        workspace=program.workspace,
        program=program,
        title=title.strip(),
        description=description.strip(),
        theme=theme,
        escalation=escalation,
        owner=owner,
        due_date=due_date,
        expected_change=expected_change,
        created_by=user,
    )
    if evidence:
        action.evidence.set(e for e in evidence if e.program_id == program.pk)
    log_action(
        program,
        "action.created",
        user=user,
        data={"title": action.title, "owner": str(owner)}
        | ({"escalation": escalation.pk} if escalation is not None else {}),
    )
    return action


@transaction.atomic
def change_status(
    action: Action, *, status: str, user: User, expected_version: int, closure_evidence: str = ""
) -> Action:
    if status not in ActionStatus.values:
        raise ActionError("Unknown status.")
    if status == ActionStatus.DONE and not closure_evidence.strip():
        raise ActionError("Record what changed: the next report shows it.")
    action.status = status
    action.closure_evidence = closure_evidence.strip() or action.closure_evidence
    action.closed_at = timezone.now() if status in CLOSED else None
    save_versioned(
        action,
        expected_version=expected_version,
        fields=["status", "closure_evidence", "closed_at"],
    )
    log_action(
        action.program,
        "action.status_changed",
        user=user,
        data={"title": action.title, "status": action.get_status_display()},
    )
    return action


@transaction.atomic
def plan_follow_up(entry: SampleEntry, *, owner: User, due_date: dt.date, user: User) -> FollowUp:
    if entry.outcome == "won":
        raise ActionError("Follow-ups are for buyers who did not choose us.")
    if entry.status != EntryStatus.INTERVIEWED:
        raise ActionError("Plan the follow-up once the buyer has been interviewed.")
    _member(owner, entry.workspace)
    follow_up, _ = FollowUp.objects.update_or_create(
        entry=entry,
        defaults={
            "workspace": entry.workspace,
            "program": entry.program,
            "owner": owner,
            "due_date": due_date,
        },
    )
    log_action(entry.program, "follow_up.planned", user=user, data={"deal": str(entry.deal)})
    return follow_up


@transaction.atomic
def record_follow_up(follow_up: FollowUp, *, outcome: str, user: User) -> FollowUp:
    if not outcome.strip():
        raise ActionError("Record what came of the check-in.")
    follow_up.outcome = outcome.strip()
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["outcome", "done_at"])
    log_action(
        follow_up.program, "follow_up.done", user=user, data={"deal": str(follow_up.entry.deal)}
    )
    return follow_up


def _link(name: str, **kwargs: str | int) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def send_reminders(*, today: dt.date | None = None) -> int:
    """One reminder per overdue action and per due follow-up: however often this runs, and
    however many runs at once (the scheduler, a cron line, a person), an owner hears once."""
    today = today or timezone.localdate()
    sent = 0
    for action in (
        Action.objects.overdue(today)
        .filter(reminded_at__isnull=True)
        .select_related("owner", "program__workspace")
    ):
        sent += _remind(
            action,
            f"Overdue: {action.title}",
            f"The action “{action.title}” ({action.get_expected_change_display()}) was due on "
            f"{action.due_date:%d %b %Y}. Update it or record what changed:\n"
            + _link("actions:list", ws=action.program.workspace.slug, program_id=action.program_id),
        )
    for follow_up in FollowUp.objects.filter(
        done_at__isnull=True, reminded_at__isnull=True, due_date__lte=today
    ).select_related("owner", "entry__deal", "program__workspace"):
        sent += _remind(
            follow_up,
            f"Check back with {follow_up.entry.deal.account or follow_up.entry.deal}",
            f"Today is the day to check back with the buyer of “{follow_up.entry.deal}”, who did "
            "not choose us. Record what came of it:\n"
            + _link(
                "actions:list", ws=follow_up.program.workspace.slug, program_id=follow_up.program_id
            ),
        )
    return sent


def _remind(record: Action | FollowUp, subject: str, body: str) -> bool:
    """Claim the reminder, then send it: a run that finds it claimed by another sends
    nothing; a send that fails gives the claim back, so the next run tries again."""
    unclaimed = type(record)._default_manager.filter(pk=record.pk, reminded_at__isnull=True)
    if not unclaimed.update(reminded_at=timezone.now()):
        return False
    try:
        send_mail(subject, body, None, [record.owner.email])
    except Exception:
        type(record)._default_manager.filter(pk=record.pk).update(reminded_at=None)
        raise
    return True
