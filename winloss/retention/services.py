"""Applying the retention policy (SOP step 10, privacy): notes and transcripts are emptied in
place after the policy's days; coded excerpts keep their theme and direction, with their words
anonymised as ``reports.anonymise`` would quote them.

Turns and notes are emptied, not deleted: a coded excerpt points at its passage and goes with
it, and the findings must outlive the words.
"""

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from winloss.accounts.models import Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.coding.models import CodedExcerpt, MemoRevision, Suggestion
from winloss.escalations.models import Escalation
from winloss.evidence.fulltext import compact
from winloss.interviews.models import Interview
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError
from winloss.outreach import consent
from winloss.outreach.models import Appointment, Attribution, ConsentKind, ConsentText
from winloss.programs.models import REFUSAL_STATUSES, SampleEntry
from winloss.reports.anonymise import Identity, identities, redact

from .models import COUNTS, HOUSEKEEPING, MEMO_REMOVED, SCHEDULE, PurgeRun, RetentionPolicy
from .queries import (
    appointments_of,
    cutoff_for,
    due_appointments,
    due_interviews,
    due_refusals,
    due_survey_responses,
    entries_of,
    keeps_words,
    policy_for,
    start_of,
    targets,
)
from .stores import delete_finished_tasks, delete_old_uploads
from .words import (
    empty_appointments,
    empty_entries,
    empty_survey_responses,
    pseudonymise_speakers,
    purged_but_quoted,
    remove_logged_words,
    with_words,
)

logger = logging.getLogger(__name__)

# What a purged excerpt of a respondent who allowed no quotes says: the theme and direction
# still count, but none of their words remain.
NOT_QUOTABLE = "[not quotable: words purged]"
# What an excerpt says once its respondent asked for their data to be deleted.
FORGOTTEN = "[words removed at the respondent's request]"
INTERVIEWS_PER_BATCH = 500  # bounds each IN (…) list and the excerpts held in memory
ROWS_PER_UPDATE = 500


class RetentionError(DomainError):
    """A retention change that cannot be made, said for the person who asked."""


def _consent_promises_days(workspace) -> bool:
    """Do the consent texts respondents read now say "deleted after {retention_days} days"?"""
    for kind in ConsentKind.values:
        latest = ConsentText.objects.filter(workspace=workspace, kind=kind).order_by("-number")
        text = latest.first()
        if "{retention_days}" in (text.body if text else consent.DEFAULTS[ConsentKind(kind)]):
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


def purge_interviews(
    workspace, ids: list[int], now: dt.datetime, *, actor: str, user=None, forget: bool = False
) -> dict[str, int]:
    """Purge the interviews ``ids``; with ``forget`` (a deletion request) the excerpts' words
    go entirely instead of being anonymised."""
    found = targets(ids)
    counts = {"interviews": len(ids)}
    if forget:
        counts["excerpts"] = found["excerpts"].update(text=FORGOTTEN)
        counts["escalations"] = found["escalations"].update(passage=FORGOTTEN)
    else:
        people = identities(ids)
        excerpts = list(found["excerpts"].only("pk", "interview_id", "text"))
        passages = list(found["escalations"].only("pk", "interview_id", "passage"))
        counts["excerpts"] = _anonymise(CodedExcerpt, excerpts, "text", people)
        counts["escalations"] = _anonymise(Escalation, passages, "passage", people)
    # The history's copies first: finding them needs the rows as they still are.
    entries = entries_of(ids)
    counts["log_entries"] = remove_logged_words(
        ids, list(entries.values_list("pk", flat=True)), workspace=workspace, user=user, actor=actor
    )
    pseudonymise_speakers(found["transcripts"].only("pk", "speaker_map", "filename"))
    counts["turns"] = found["turns"].update(text="")
    counts["transcripts"] = found["transcripts"].update(purged_at=now)
    counts["notes"] = found["notes"].update(text="")
    counts["revisions"] = found["revisions"].delete()[0]
    counts["memos"] = found["memos"].update(title=MEMO_REMOVED, text="")
    MemoRevision.objects.filter(memo__interview__in=ids).delete()
    # Suggestions keep the words they matched; a purged passage has nothing left to suggest.
    Suggestion.objects.filter(interview__in=ids).delete()
    appointments = appointments_of(ids).values_list("pk", flat=True)
    counts["appointments"] = empty_appointments(list(appointments))
    empty_entries(entries)
    Interview.objects.filter(pk__in=ids, purged_at=None).update(purged_at=now)
    return counts


def _purge_closed(workspace, *, today, actor: str, user) -> dict[str, int]:
    """Appointments that ended without an interview, and refusals recorded without one."""
    closed = list(with_words(due_appointments(workspace, today)).values_list("pk", flat=True))
    of_closed = Appointment.objects.filter(pk__in=closed).values("entry_id")
    refused = due_refusals(workspace, today).values("pk")
    # The history names the deal; the deal's own refusal goes once the deal is refused.
    entries = SampleEntry.objects.filter(Q(pk__in=of_closed) | Q(pk__in=refused))
    logged = remove_logged_words(
        [], list(entries.values_list("pk", flat=True)), workspace=workspace, user=user, actor=actor
    )
    appointments = empty_appointments(closed)
    empty_entries(entries.filter(status__in=REFUSAL_STATUSES))
    return {"appointments": appointments, "log_entries": logged}


def _catch_up(workspace, *, actor: str, user) -> int:
    """Interviews purged before the history stopped keeping words: its quotes of them go now."""
    earlier = purged_but_quoted(workspace)
    if not earlier:
        return 0
    entries = list(entries_of(earlier).values_list("pk", flat=True))
    return remove_logged_words(earlier, entries, workspace=workspace, user=user, actor=actor)


@transaction.atomic
def purge(workspace, *, user=None, today: dt.date | None = None) -> PurgeRun:
    """Empty the notes and transcripts of interviews completed more than the policy's days ago
    (or the fewer days their consent promised), anonymise their coded excerpts and escalation
    passages, and empty every other copy of what respondents said or were sent: appointments,
    reasons, messages, the history's quotes; then old CRM uploads and finished task rows. All
    or nothing. Without a saved policy the default one applies, as the consent texts then
    promise its days."""
    started = timezone.now()
    # Lock the workspace's row so that two purges of it run one after the other.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    policy = policy_for(workspace)
    if keeps_words(workspace):
        raise RetentionError(
            "The retention policy keeps notes and transcripts until it changes: nothing was purged."
        )
    actor = user.email if user is not None else SCHEDULE
    ids = list(due_interviews(workspace, today).order_by("pk").values_list("pk", flat=True))
    totals = dict.fromkeys((*COUNTS, *HOUSEKEEPING), 0)
    for batch in _batches(ids, INTERVIEWS_PER_BATCH):
        for kind, count in purge_interviews(
            workspace, batch, started, actor=actor, user=user
        ).items():
            totals[kind] += count
    for kind, count in _purge_closed(workspace, today=today, actor=actor, user=user).items():
        totals[kind] += count
    surveyed = list(due_survey_responses(workspace, today).values_list("pk", flat=True))
    totals["survey_responses"] = empty_survey_responses(surveyed, started)
    if ids:
        compact(connection)  # no purged word left behind in the evidence library's index
    totals["log_entries"] += _catch_up(workspace, actor=actor, user=user)
    cutoff = cutoff_for(policy.days, today) if policy.days is not None else None
    totals["files"] = delete_old_uploads(workspace, now=started)
    if cutoff is not None:
        totals["tasks"] = delete_finished_tasks(workspace, start_of(cutoff))
    run = PurgeRun.objects.create(
        workspace=workspace,
        started_at=started,
        finished_at=timezone.now(),
        user=user,
        actor=actor,
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


def purge_every_workspace(*, today: dt.date | None = None) -> list[PurgeRun]:
    """The scheduled purge: ``purge`` every workspace that has something it may purge (one that
    never saved a policy by the default days its consent texts promise). Each workspace is all
    or nothing on its own: one that fails is logged and the others are still purged, then the
    failure is raised, naming it."""
    runs, failed = [], []
    for workspace in Workspace.objects.order_by("slug"):
        if keeps_words(workspace):
            continue
        try:
            runs.append(purge(workspace, today=today))
        except Exception:
            logger.exception("The purge of workspace %s failed", workspace.slug)
            failed.append(workspace.slug)
    if failed:
        raise RetentionError(
            f"The purge failed in {', '.join(failed)} (the server log says why); "
            f"{len(runs)} other workspace{'s' if len(runs) != 1 else ''} purged."
        )
    return runs
