"""Deal-closed triggers: a deal that closes in an active program's scope enters its sample when
the draw's rules allow, and its invitation goes out after the program's delay.

A deal gets here from a sync run (the deals whose outcome became closed in it) or from a CRM's
signed call (``webhook_views``), which runs the same sync first. The sample's own rules decide:
the scope and exclusions of ``programs.sampling.eligibility``, one deal per account as a draw
picks them, and no more active entries than the draw's size. A deal not added has its reason
in the program's history.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from winloss.activity.services import log_action
from winloss.deals.models import CLOSED_OUTCOMES, Deal
from winloss.lib.enqueue import enqueue_on_commit
from winloss.programs.models import (
    ACTIVE_STATUSES,
    EntrySource,
    EntryStatus,
    Program,
    ProgramStatus,
    SampleEntry,
)
from winloss.programs.queries import deals_in_scope
from winloss.programs.sampling.changes import _stratum_of
from winloss.programs.sampling.common import current_draw
from winloss.programs.sampling.eligibility import EXCLUSION_REASONS, exclusions_of
from winloss.programs.sampling.interviewers import assign_interviewers
from winloss.programs.sampling.picking import respondents

from .models import DealTrigger, TriggeredEntry

ACTOR = "Deal-closed trigger"


def closed_deal_ids(workspace, crm_ids: Iterable[str]) -> set[int]:
    """The workspace's deals, by CRM id, that are closed now: read before and after a sync
    run, the difference is what closed in it."""
    return set(
        Deal.objects.filter(
            workspace=workspace, crm_id__in=list(crm_ids), outcome__in=CLOSED_OUTCOMES
        ).values_list("pk", flat=True)
    )


def deals_closed_in_run(workspace, crm_ids: Iterable[str], closed_before: set[int]) -> int:
    """After a sync run: ``deal_closed`` for each deal that is closed now and was not before;
    how many entered a sample."""
    added = 0
    for deal_id in sorted(closed_deal_ids(workspace, crm_ids) - closed_before):
        added += len(deal_closed(Deal.objects.get(pk=deal_id)))
    return added


def _why_not(program: Program, deal: Deal) -> str:
    """Why the program's draw does not take ``deal`` now; empty when it does."""
    draw = current_draw(program)
    if draw is None:
        return "no sample is drawn yet"
    reasons = exclusions_of(program, deal, recent_days=draw.recent_days)
    if reasons:
        return "; ".join(EXCLUSION_REASONS[r].lower() for r in reasons)
    active = draw.entries.filter(status__in=ACTIVE_STATUSES)
    if deal.account_id and active.filter(deal__account_id=deal.account_id).exists():
        return "its account is already in the sample (a draw takes one deal per account)"
    taken = active.count()
    if taken >= draw.size:
        return f"the sample holds all {draw.size} of its places"
    return ""


@transaction.atomic
def deal_closed(deal: Deal, *, now: dt.datetime | None = None) -> list[SampleEntry]:
    """Put a newly closed deal in the sample of each active program whose scope it falls in
    and whose deal-closed trigger is on, when the draw's rules allow; the entries added.

    Idempotent: a deal that is (or was) in a program's sample is left as it is."""
    now = now or timezone.now()
    if deal.outcome not in CLOSED_OUTCOMES:
        return []
    triggers = DealTrigger.objects.filter(
        program__workspace=deal.workspace_id,
        program__status=ProgramStatus.ACTIVE,
        add_closed_deals=True,
    ).select_related("program")
    added = []
    for trigger in triggers:
        program = trigger.program
        if not deals_in_scope(program).filter(pk=deal.pk).exists():
            continue
        if SampleEntry.objects.current(program).filter(deal=deal).exists():
            continue
        why_not = _why_not(program, deal)
        if why_not:
            log_action(
                program,
                "crm.deal_not_sampled",
                actor=ACTOR,
                data={"deal": str(deal), "reason": why_not},
            )
            continue
        added.append(_add(program, deal, trigger, now))
    return added


def _add(program: Program, deal: Deal, trigger: DealTrigger, now: dt.datetime) -> SampleEntry:
    draw = current_draw(program)
    assert draw is not None  # _why_not said so
    segment, band = _stratum_of(draw, deal)
    outcome = deal.get_outcome_display().lower()
    reason = f"Closed {outcome} on {deal.close_date}; added when the CRM said it closed."
    entry = SampleEntry.objects.create(
        workspace=program.workspace,
        program=program,
        draw=draw,
        deal=deal,
        outcome=deal.outcome,
        segment=segment,
        band=band,
        source=EntrySource.CRM_TRIGGER,
        reason=reason,
        contact_id=respondents([deal.pk]).get(deal.pk),
    )
    assign_interviewers(program, actor=ACTOR, log=False)
    hours = trigger.invite_after_hours
    TriggeredEntry.objects.create(
        entry=entry, invite_at=None if hours is None else now + dt.timedelta(hours=hours)
    )
    if hours == 0:
        enqueue_on_commit(send_trigger_invitations_now)
    log_action(
        program,
        "crm.deal_sampled",
        actor=ACTOR,
        data={
            "deal": str(deal),
            "reason": reason,
            "invitation": "by the coordinator" if hours is None else f"after {hours} hours",
        },
    )
    return entry


def send_due_trigger_invitations(*, now: dt.datetime | None = None) -> int:
    """Invite the respondents of triggered entries whose delay is over; how many were invited.

    Run by the workers every quarter hour (``crm.trigger_invitations``): an entry is marked
    when its turn comes, invited or not (an entry without a contact or interviewer is then the
    coordinator's, as any other)."""
    from winloss.outreach.services import send_invitations

    now = now or timezone.now()
    due = TriggeredEntry.objects.filter(
        invite_at__lte=now, invited_at__isnull=True, entry__status=EntryStatus.SELECTED
    ).select_related("entry__program")
    by_program: dict[Program, list[int]] = defaultdict(list)
    for triggered in due:
        by_program[triggered.entry.program].append(triggered.entry_id)
    sent = 0
    for program, entry_ids in by_program.items():
        with transaction.atomic():
            sent += send_invitations(program, user=None, entry_ids=entry_ids)
            TriggeredEntry.objects.filter(entry_id__in=entry_ids).update(invited_at=now)
    return sent


@transaction.atomic
def save_deal_trigger(
    *, program: Program, user, add_closed_deals: bool, invite_after_hours: int | None
) -> DealTrigger:
    """Turn a program's deal-closed trigger on or off, and set its invitation delay."""
    trigger, _ = DealTrigger.objects.get_or_create(program=program)
    trigger.add_closed_deals, trigger.invite_after_hours = add_closed_deals, invite_after_hours
    trigger.save()
    log_action(
        program,
        "crm.trigger_saved",
        user=user,
        data={
            "state": "on" if add_closed_deals else "off",
            "invitation": "by the coordinator"
            if invite_after_hours is None
            else f"after {invite_after_hours} hours",
        },
    )
    return trigger


@task()
def send_trigger_invitations_now() -> None:
    """A program whose delay is 0: its new entry's invitation goes once the entry is saved."""
    send_due_trigger_invitations()
