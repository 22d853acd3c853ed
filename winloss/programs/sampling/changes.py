"""Changes to a drawn sample (SOP steps 2 and 4): by hand, refusals and their replacements."""

from django.db import transaction

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.deals.models import Deal

from ..models import (
    ACTIVE_STATUSES,
    REFUSAL_STATUSES,
    EntrySource,
    EntryStatus,
    Program,
    SampleDraw,
    SampleEntry,
)
from ..queries import deals_in_scope
from .common import SampleError, current_draw, transition
from .eligibility import EXCLUSION_REASONS, eligible_deals, exclusions_of
from .interviewers import assign_interviewers
from .picking import in_draw_order, respondents
from .strata import (
    Bands,
    annotate_strata,
)

# Each refusal's log code, spelled out where it is written (the log-code test reads it here).
_REFUSAL_CODES: dict[str, str] = {
    EntryStatus.DECLINED: "sample.declined",
    EntryStatus.UNREACHABLE: "sample.unreachable",
}


def _require_draw(program: Program) -> SampleDraw:
    draw = current_draw(program)
    if draw is None:
        raise SampleError("Draw the sample first; then deals can be added and removed by hand.")
    return draw


def _stratum_of(draw: SampleDraw, deal: Deal) -> tuple[str, str]:
    """(segment, band label) of a deal under the draw's settings."""
    row = (
        annotate_strata(Deal.objects.filter(pk=deal.pk), draw.dimension, Bands.of_draw(draw))
        .values_list("stratum_segment", "stratum_band")
        .get()
    )
    return row[0] or "", Bands.of_draw(draw).label(row[1])


@transaction.atomic
def add_to_sample(
    program: Program, *, deal: Deal, reason: str, user: User | None, override: bool = False
) -> SampleEntry:
    """Add a deal by hand. A deal kept out (a dispute, do-not-contact, recently approached)
    needs ``override``: the reason then documents the approval."""
    draw = _require_draw(program)
    if not reason.strip():
        raise SampleError("Say why this deal is added: the reason is part of the sample record.")
    if not deals_in_scope(program).filter(pk=deal.pk).exists():
        raise SampleError(f"“{deal}” is not a closed deal in this program's scope.")
    if draw.entries.filter(deal=deal, status__in=ACTIVE_STATUSES).exists():
        raise SampleError(f"“{deal}” is already in the sample.")
    reasons = exclusions_of(program, deal, recent_days=draw.recent_days)
    if reasons and not override:
        said = "; ".join(EXCLUSION_REASONS[r].lower() for r in reasons)
        raise SampleError(f"“{deal}” is kept out of the sample ({said}). Approve it explicitly.")
    segment, band = _stratum_of(draw, deal)
    entry, created = SampleEntry.objects.get_or_create(
        draw=draw,
        deal=deal,
        defaults={
            "workspace": program.workspace,
            "program": program,
            "outcome": deal.outcome,
            "segment": segment,
            "band": band,
            "source": EntrySource.MANUAL,
            "reason": f"Added by {user or 'the system'}: {reason.strip()}",
            "contact_id": respondents([deal.pk]).get(deal.pk),
        },
    )
    if not created:  # it was in the sample before and left it; it comes back by hand
        entry.status = EntryStatus.SELECTED
        entry.source = EntrySource.MANUAL
        entry.reason = f"Added back by {user or 'the system'}: {reason.strip()}"
        entry.version += 1
        entry.save()
    log_action(
        program,
        "sample.deal_added",
        user=user,
        data={"deal": str(deal), "reason": reason.strip(), "kept_out_for": reasons},
    )
    return entry


@transaction.atomic
def remove_from_sample(
    entry: SampleEntry, *, reason: str, user: User | None, expected_version: int
) -> SampleEntry:
    if not reason.strip():
        raise SampleError("Say why this deal leaves the sample: the reason is kept.")
    if entry.status not in (EntryStatus.SELECTED, EntryStatus.PROPOSED):
        raise SampleError(f"“{entry}” is {entry.get_status_display().lower()}; it cannot go.")
    transition(entry, expected_version, status=EntryStatus.REMOVED, removal_reason=reason.strip())
    log_action(
        entry.program,
        "sample.deal_removed",
        user=user,
        data={"deal": str(entry.deal), "reason": reason.strip()},
    )
    return entry


@transaction.atomic
def record_refusal(
    entry: SampleEntry,
    *,
    status: str,
    reason: str,
    user: User | None,
    expected_version: int,
) -> SampleEntry | None:
    """The respondent declined or could not be reached (SOP step 4): record why, then propose
    the next eligible deal of the same stratum (SOP step 2). Returns the proposal, if any."""
    if status not in REFUSAL_STATUSES:
        raise SampleError("A refusal is recorded as declined or unreachable.")
    if not reason.strip():
        raise SampleError("Record the refusal reason: the report's limitations quote it.")
    if entry.status != EntryStatus.SELECTED:
        raise SampleError(f"“{entry}” is {entry.get_status_display().lower()}, not selected.")
    transition(entry, expected_version, status=status, refusal_reason=reason.strip())
    log_action(
        entry.program,
        _REFUSAL_CODES[status],
        user=user,
        data={"deal": str(entry.deal), "reason": reason.strip()},
    )
    return propose_replacement(entry, user=user)


def replace_declined(
    entry: SampleEntry, *, reason: str, user: User | None, expected_version: int
) -> SampleEntry | None:
    """The SOP's words for a decline and its replacement."""
    return record_refusal(
        entry,
        status=EntryStatus.DECLINED,
        reason=reason,
        user=user,
        expected_version=expected_version,
    )


def _next_in_stratum(entry: SampleEntry) -> tuple[int, int, int] | None:
    """(deal id, rank, stratum size) of the next eligible deal in ``entry``'s stratum."""
    draw = entry.draw
    bands = Bands.of_draw(draw)
    eligible = eligible_deals(entry.program, recent_days=draw.recent_days).deals
    stratum = annotate_strata(eligible, draw.dimension, bands).filter(
        outcome=entry.outcome, stratum_band=bands.index_of(entry.band)
    )
    if draw.dimension:
        stratum = stratum.filter(stratum_segment=entry.segment)
    members = list(stratum.order_by().values_list("id", "account_id"))
    used = set(draw.entries.values_list("deal_id", flat=True))
    taken = set(
        draw.entries.filter(status__in=ACTIVE_STATUSES, deal__account__isnull=False).values_list(
            "deal__account_id", flat=True
        )
    )
    # A deal of the refused account is no replacement: that buyer already said no.
    if entry.deal.account_id:
        taken.add(entry.deal.account_id)
    ordered = in_draw_order(draw.seed, members)
    for rank, (deal_id, account_id) in enumerate(ordered, start=1):
        if deal_id in used or (account_id is not None and account_id in taken):
            continue
        return deal_id, rank, len(ordered)
    return None


def propose_replacement(entry: SampleEntry, *, user: User | None) -> SampleEntry | None:
    found = _next_in_stratum(entry)
    if found is None:
        log_action(
            entry.program,
            "sample.no_replacement",
            user=user,
            data={"deal": str(entry.deal), "stratum": entry.stratum_label},
        )
        return None
    deal_id, rank, size = found
    proposal = SampleEntry.objects.create(
        workspace=entry.workspace,
        program=entry.program,
        draw=entry.draw,
        deal_id=deal_id,
        contact_id=respondents([deal_id]).get(deal_id),
        outcome=entry.outcome,
        segment=entry.segment,
        band=entry.band,
        status=EntryStatus.PROPOSED,
        source=EntrySource.REPLACEMENT,
        replaces=entry,
        reason=(
            f"Replaces {entry.deal} ({entry.get_status_display().lower()}: "
            f"{entry.refusal_reason or entry.removal_reason}): next eligible deal, "
            f"{rank} of {size} in {entry.stratum_label} (seed {entry.draw.seed})."
        ),
    )
    log_action(
        entry.program,
        "sample.replacement_proposed",
        user=user,
        data={"deal": str(proposal.deal), "replaces": str(entry.deal)},
    )
    return proposal


@transaction.atomic
def accept_replacement(
    entry: SampleEntry, *, user: User | None, expected_version: int
) -> SampleEntry:
    if entry.status != EntryStatus.PROPOSED:
        raise SampleError(f"“{entry}” is not a proposed replacement.")
    replaced = entry.replaces
    interviewer = replaced.interviewer if replaced else None
    if interviewer is not None and entry.deal.is_owned_by(interviewer):
        interviewer = None
    transition(entry, expected_version, status=EntryStatus.SELECTED, interviewer=interviewer)
    if interviewer is None:
        assign_interviewers(entry.program, user=user, log=False)
    log_action(
        entry.program, "sample.replacement_accepted", user=user, data={"deal": str(entry.deal)}
    )
    return entry


@transaction.atomic
def skip_replacement(
    entry: SampleEntry, *, reason: str, user: User | None, expected_version: int
) -> SampleEntry | None:
    """Pass over a proposed replacement (with a reason) and propose the next one."""
    if entry.status != EntryStatus.PROPOSED:
        raise SampleError(f"“{entry}” is not a proposed replacement.")
    if not reason.strip():
        raise SampleError("Say why this replacement is passed over.")
    transition(entry, expected_version, status=EntryStatus.REMOVED, removal_reason=reason.strip())
    log_action(
        entry.program,
        "sample.replacement_skipped",
        user=user,
        data={"deal": str(entry.deal), "reason": reason.strip()},
    )
    return propose_replacement(entry.replaces or entry, user=user)
