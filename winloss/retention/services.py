"""Applying the retention policy (SOP step 10, privacy): notes and transcripts are emptied in
place after the policy's days; coded excerpts keep their theme and direction, with their words
anonymised as ``reports.anonymise`` would quote them.

Turns and notes are emptied, not deleted: a coded excerpt points at its passage and goes with
it, and the findings must outlive the words.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.coding.models import CodedExcerpt, Suggestion
from winloss.escalations.models import Escalation
from winloss.interviews.models import Interview
from winloss.lib.concurrency import save_versioned
from winloss.outreach import consent
from winloss.outreach.models import Attribution, ConsentKind, ConsentText
from winloss.reports.anonymise import Identity, identities, redact

from .models import COUNTS, SCHEDULE, PurgeRun, RetentionPolicy
from .queries import cutoff_for, due_interviews, policy_for, targets

# What a purged excerpt of a respondent who allowed no quotes says: the theme and direction
# still count, but none of their words remain.
NOT_QUOTABLE = "[not quotable: words purged]"
INTERVIEWS_PER_BATCH = 500  # bounds each IN (…) list and the excerpts held in memory
ROWS_PER_UPDATE = 500


class RetentionError(Exception):
    pass


def _consent_promises_days(workspace) -> bool:
    """Do the consent texts respondents read now say "deleted after {retention_days} days"?"""
    for kind in ConsentKind.values:
        latest = ConsentText.objects.filter(workspace=workspace, kind=kind).order_by("-number")
        text = latest.first()
        if "{retention_days}" in (text.body if text else consent.DEFAULTS[kind]):
            return True
    return False


@transaction.atomic
def save_policy(*, workspace, days: int | None, user, expected_version: int) -> RetentionPolicy:
    if days is None and _consent_promises_days(workspace):
        raise RetentionError(
            "The consent texts tell respondents their notes and transcripts are deleted after "
            "a number of days. Reword them (a program's Schedule step, Consent texts) before "
            "keeping words without a limit."
        )
    policy, _ = RetentionPolicy.objects.get_or_create(workspace=workspace)
    before = snapshot(policy, ["days"])
    policy.days, policy.updated_by = days, user
    changes = diff(before, snapshot(policy, ["days"]))
    if not changes:
        return policy
    save_versioned(policy, expected_version=expected_version, fields=["days", "updated_by"])
    log_action(policy, "retention.policy_changed", user=user, changes=changes)
    return policy


def anonymised(text: str, identity: Identity) -> str:
    """An excerpt's words as they may be kept once the notes are gone. Respondents were told
    that only anonymised findings stay, so a named respondent is anonymised too."""
    if identity.named:
        identity = dataclasses.replace(identity, attribution=Attribution.ANONYMOUS)
    kept = redact(text, identity)
    return NOT_QUOTABLE if kept is None else kept


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _anonymise(model, rows, field: str, people: dict[int, Identity]) -> int:
    changed = []
    for row in rows:
        kept = anonymised(getattr(row, field), people[row.interview_id])
        if kept != getattr(row, field):
            setattr(row, field, kept)
            changed.append(row)
    model.objects.bulk_update(changed, [field], batch_size=ROWS_PER_UPDATE)
    return len(rows)


def _purge_batch(ids: list[int], now: dt.datetime) -> dict[str, int]:
    people = identities(ids)
    found = targets(ids)
    counts = {"interviews": len(ids)}
    excerpts = list(found["excerpts"].only("pk", "interview_id", "text"))
    counts["excerpts"] = _anonymise(CodedExcerpt, excerpts, "text", people)
    passages = list(found["escalations"].only("pk", "interview_id", "passage"))
    counts["escalations"] = _anonymise(Escalation, passages, "passage", people)
    counts["turns"] = found["turns"].update(text="")
    counts["transcripts"] = found["transcripts"].update(purged_at=now)
    counts["notes"] = found["notes"].update(text="")
    counts["revisions"] = found["revisions"].delete()[0]
    # Suggestions keep the words they matched; a purged passage has nothing left to suggest.
    Suggestion.objects.filter(interview__in=ids).delete()
    Interview.objects.filter(pk__in=ids, purged_at=None).update(purged_at=now)
    return counts


@transaction.atomic
def purge(workspace, *, user=None, today: dt.date | None = None) -> PurgeRun:
    """Empty the notes and transcripts of interviews completed more than the policy's days ago,
    anonymise their coded excerpts and escalation passages; all or nothing. Without a saved
    policy the default one applies, as the consent texts then promise its days."""
    started = timezone.now()
    # Lock the workspace's row so that two purges of it run one after the other.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    policy = policy_for(workspace)
    if policy.days is None:
        raise RetentionError(
            "The retention policy keeps notes and transcripts until it changes: nothing was purged."
        )
    cutoff = cutoff_for(policy.days, today)
    ids = list(due_interviews(workspace, cutoff).order_by("pk").values_list("pk", flat=True))
    totals = dict.fromkeys(COUNTS, 0)
    for batch in _batches(ids, INTERVIEWS_PER_BATCH):
        for kind, count in _purge_batch(batch, started).items():
            totals[kind] += count
    run = PurgeRun.objects.create(
        workspace=workspace,
        started_at=started,
        finished_at=timezone.now(),
        user=user,
        actor=user.email if user is not None else SCHEDULE,
        days=policy.days,
        cutoff=cutoff,
        **totals,
    )
    log_action(
        run,
        "retention.purged",
        user=user,
        actor=run.actor,
        data={"days": policy.days, "cutoff": cutoff, **totals},
    )
    return run
