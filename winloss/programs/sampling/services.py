"""Writes for SOP step 2: draw the sample, add and remove by hand, replace refusals, assign
interviewers. Every change is logged on the program, so the program log documents the sample.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Cap, Role, role_can
from winloss.activity.services import log_action
from winloss.deals.models import Account, Deal, Outcome
from winloss.lib.concurrency import save_versioned

from ..models import (
    ACTIVE_STATUSES,
    REFUSAL_STATUSES,
    Allocation,
    EntrySource,
    EntryStatus,
    ExclusionApproval,
    Program,
    SampleDraw,
    SampleEntry,
    stratum_label,
)
from ..queries import deals_in_scope
from .allocation import allocate
from .eligibility import EXCLUSION_REASONS, eligible_deals, exclusions_of
from .picking import in_draw_order, load_by_interviewer, pick, respondents
from .strata import (
    BAND_METHODS,
    QUANTILES,
    SEGMENT_DIMENSIONS,
    Bands,
    annotate_strata,
    quantile_edges,
)


class SampleError(Exception):
    """A sample change that cannot be made, said for the person who asked."""


@dataclass(frozen=True)
class DrawSettings:
    size: int
    allocation: str = Allocation.PROPORTIONAL
    dimension: str = "region"
    band_method: str = "terciles"
    band_edges: tuple[Decimal, ...] = ()
    min_per_cell: int = 1
    recent_days: int = 180
    seed: int | None = None

    def check(self) -> None:
        if self.size < 1:
            raise SampleError("The sample needs at least one deal.")
        if self.allocation not in Allocation.values:
            raise SampleError(f"{self.allocation!r} is not a way to allocate the sample.")
        if self.dimension not in SEGMENT_DIMENSIONS:
            raise SampleError(f"{self.dimension!r} is not a segment dimension.")
        if self.band_method not in BAND_METHODS:
            raise SampleError(f"{self.band_method!r} is not a way to band deal sizes.")
        if self.band_method == "custom" and not self.band_edges:
            raise SampleError("Give the amounts where deal-size bands begin.")
        if list(self.band_edges) != sorted(set(self.band_edges)):
            raise SampleError("Band amounts must be different and in increasing order.")


@dataclass
class Cell:
    outcome: str
    segment: str
    band: int
    eligible: int
    places: int = 0
    drawn: int = 0
    members: list = field(default_factory=list)


def _bands_for(settings: DrawSettings, deals) -> tuple[Bands, str]:
    if settings.band_method == "custom":
        return Bands(tuple(settings.band_edges)), "custom"
    if settings.band_method in QUANTILES:
        return Bands(quantile_edges(deals, QUANTILES[settings.band_method])), settings.band_method
    return Bands(), "none"


def current_draw(program: Program) -> SampleDraw | None:
    return program.draws.filter(discarded_at__isnull=True).first()


@transaction.atomic
def draw_sample(
    program: Program, *, settings: DrawSettings, user: User | None = None, actor: str = ""
) -> SampleDraw:
    """Draw a stratified random sample from the program's eligible closed deals (SOP step 2)."""
    settings.check()
    Program.objects.select_for_update().get(pk=program.pk)  # one draw at a time per program
    if not program.scope_is_defined:
        raise SampleError("Define the scope first: the sample is drawn from it.")
    if current_draw(program) is not None:
        raise SampleError(
            "This program already has a sample. Discard it first (with a reason), or add and "
            "remove deals by hand."
        )
    seed = settings.seed if settings.seed is not None else secrets.randbelow(2**31)
    eligibility = eligible_deals(program, recent_days=settings.recent_days)
    bands, band_method = _bands_for(settings, eligibility.deals)
    rows = annotate_strata(eligibility.deals, settings.dimension, bands).values_list(
        "id", "account_id", "outcome", "stratum_segment", "stratum_band"
    )
    cells: dict[tuple[str, str, int], Cell] = {}
    for deal_id, account_id, outcome, segment, band in rows.order_by():
        key = (outcome, segment or "", band)
        cell = cells.setdefault(key, Cell(outcome, segment or "", band, 0))
        cell.eligible += 1
        cell.members.append((deal_id, account_id))
    if not cells:
        raise SampleError(
            "No closed deal in the scope is eligible. Import deals, widen the scope, or review "
            "what is kept out."
        )
    plan = allocate(
        settings.size,
        {k: c.eligible for k, c in cells.items()},
        balanced=settings.allocation == Allocation.BALANCED,
        min_per_cell=settings.min_per_cell,
        outcome_label=lambda o: Outcome(o).label.lower(),
    )
    draw = SampleDraw.objects.create(
        workspace=program.workspace,
        program=program,
        size=settings.size,
        allocation=settings.allocation,
        dimension=settings.dimension,
        band_edges=[str(e) for e in bands.edges],
        band_method=band_method,
        min_per_cell=settings.min_per_cell,
        recent_days=settings.recent_days,
        seed=seed,
        eligible=sum(c.eligible for c in cells.values()),
        excluded=eligibility.counts().excluded,
        drawn_by=user,
    )
    taken: set[int] = set()
    entries: list[SampleEntry] = []
    how = Allocation(settings.allocation).label.lower()
    for key in sorted(cells, key=lambda k: (k[0], k[1], k[2])):
        cell = cells[key]
        cell.places = plan.places.get(key, 0)
        label = stratum_label(cell.outcome, cell.segment, bands.label(cell.band))
        for deal_id, rank in pick(in_draw_order(seed, cell.members), cell.places, taken):
            entries.append(
                SampleEntry(
                    workspace=program.workspace,
                    program=program,
                    draw=draw,
                    deal_id=deal_id,
                    outcome=cell.outcome,
                    segment=cell.segment,
                    band=bands.label(cell.band),
                    source=EntrySource.DRAWN,
                    reason=(
                        f"Random pick {rank} of {cell.eligible} eligible deals in {label} "
                        f"({cell.places} places, {how}; seed {seed})."
                    ),
                )
            )
            cell.drawn += 1
        if cell.drawn < cell.places:
            plan.notes.append(
                f"{label}: {cell.places - cell.drawn} of its {cell.places} places stay empty: "
                "its other deals are from accounts already in the sample."
            )
    contacts = respondents([e.deal_id for e in entries])
    for entry in entries:
        entry.contact_id = contacts.get(entry.deal_id)
    SampleEntry.objects.bulk_create(entries)
    draw.cells = [
        {
            "stratum": stratum_label(c.outcome, c.segment, bands.label(c.band)),
            "outcome": c.outcome,
            "segment": c.segment,
            "band": bands.label(c.band),
            "eligible": c.eligible,
            "places": c.places,
            "drawn": c.drawn,
        }
        for _, c in sorted(cells.items(), key=lambda kc: kc[0])
    ]
    draw.notes = plan.notes
    draw.save(update_fields=["cells", "notes"])
    assign_interviewers(program, user=user, actor=actor, log=False)
    log_action(
        program,
        "sample.drawn",
        user=user,
        actor=actor,
        data={
            "size": len(entries),
            "asked": settings.size,
            "allocation": how,
            "seed": seed,
            "eligible": draw.eligible,
            "excluded": draw.excluded,
        },
    )
    return draw


@transaction.atomic
def discard_sample(program: Program, *, reason: str, user: User | None = None) -> SampleDraw:
    """Set the current sample aside (kept, marked removed) so a new one can be drawn."""
    if not reason.strip():
        raise SampleError("Say why the sample is discarded: the reason stays in the program log.")
    draw = current_draw(program)
    if draw is None:
        raise SampleError("This program has no sample to discard.")
    if draw.entries.filter(status=EntryStatus.INTERVIEWED).exists():
        raise SampleError("Deals of this sample have been interviewed: it can no longer go.")
    draw.discarded_at = timezone.now()
    draw.discard_reason = reason.strip()
    draw.save(update_fields=["discarded_at", "discard_reason"])
    draw.entries.filter(status__in=ACTIVE_STATUSES).update(
        status=EntryStatus.REMOVED,
        removal_reason=f"Sample discarded: {reason.strip()}",
        version=F("version") + 1,
    )
    log_action(program, "sample.discarded", user=user, data={"reason": reason.strip()})
    return draw


def _require_draw(program: Program) -> SampleDraw:
    draw = current_draw(program)
    if draw is None:
        raise SampleError("Draw the sample first; then deals can be added and removed by hand.")
    return draw


def _bands_of(draw: SampleDraw) -> Bands:
    return Bands(tuple(Decimal(e) for e in draw.band_edges))


def _stratum_of(draw: SampleDraw, deal: Deal) -> tuple[str, str]:
    """(segment, band label) of a deal under the draw's settings."""
    row = (
        annotate_strata(Deal.objects.filter(pk=deal.pk), draw.dimension, _bands_of(draw))
        .values_list("stratum_segment", "stratum_band")
        .get()
    )
    return row[0] or "", _bands_of(draw).label(row[1])


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


def _transition(entry: SampleEntry, expected_version: int, **fields) -> None:
    for name, value in fields.items():
        setattr(entry, name, value)
    save_versioned(entry, expected_version=expected_version, fields=fields)


@transaction.atomic
def remove_from_sample(
    entry: SampleEntry, *, reason: str, user: User | None, expected_version: int
) -> SampleEntry:
    if not reason.strip():
        raise SampleError("Say why this deal leaves the sample: the reason is kept.")
    if entry.status not in (EntryStatus.SELECTED, EntryStatus.PROPOSED):
        raise SampleError(f"“{entry}” is {entry.get_status_display().lower()}; it cannot go.")
    _transition(entry, expected_version, status=EntryStatus.REMOVED, removal_reason=reason.strip())
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
    _transition(entry, expected_version, status=status, refusal_reason=reason.strip())
    log_action(
        entry.program,
        f"sample.{status}",
        user=user,
        data={"deal": str(entry.deal), "reason": reason.strip()},
    )
    return propose_replacement(entry, user=user)


def replace_declined(entry: SampleEntry, *, reason: str, user: User | None, expected_version: int):
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
    bands = _bands_of(draw)
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
    _transition(entry, expected_version, status=EntryStatus.SELECTED, interviewer=interviewer)
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
    _transition(entry, expected_version, status=EntryStatus.REMOVED, removal_reason=reason.strip())
    log_action(
        entry.program,
        "sample.replacement_skipped",
        user=user,
        data={"deal": str(entry.deal), "reason": reason.strip()},
    )
    return propose_replacement(entry.replaces or entry, user=user)


def interviewer_choices(workspace) -> list[User]:
    """Members who may conduct interviews here (SOP step 5), agency people included."""
    memberships = Membership.objects.filter(workspace=workspace).select_related("user")
    return sorted(
        (m.user for m in memberships if role_can(m.role, Cap.CONDUCT)), key=lambda u: str(u)
    )


@transaction.atomic
def assign_interviewer(
    entry: SampleEntry, *, interviewer: User | None, user: User | None, expected_version: int
) -> SampleEntry:
    """Name the interviewer. Never the deal's own owner: the buyer must speak to a neutral
    person (SOP best practice), whatever the form or the API sent."""
    if interviewer is not None:
        if interviewer.pk not in {u.pk for u in interviewer_choices(entry.workspace)}:
            raise SampleError(f"{interviewer} cannot conduct interviews in this workspace.")
        if entry.deal.is_owned_by(interviewer):
            raise SampleError(
                f"{interviewer} owns “{entry.deal}”: a rep must not interview their own deal."
            )
    _transition(entry, expected_version, interviewer=interviewer)
    log_action(
        entry.program,
        "sample.interviewer_assigned",
        user=user,
        data={"deal": str(entry.deal), "interviewer": str(interviewer or "nobody")},
    )
    return entry


@transaction.atomic
def assign_interviewers(
    program: Program, *, user: User | None = None, actor: str = "", log: bool = True
) -> int:
    """Give every unassigned deal of the sample an interviewer, balancing the load: the
    interviewer with the fewest open assignments in the workspace, never the deal's owner."""
    interviewers = [
        m.user
        for m in Membership.objects.filter(
            workspace=program.workspace, role=Role.INTERVIEWER
        ).select_related("user")
    ]
    if not interviewers:
        return 0
    load = defaultdict(int, load_by_interviewer(program.workspace))
    unassigned = (
        SampleEntry.objects.current(program)
        .filter(status=EntryStatus.SELECTED, interviewer__isnull=True)
        .select_related("deal")
        .order_by("pk")
    )
    # The most constrained deals first (those only some interviewers may take), so the
    # balance does not depend on the order the deals happen to come in.
    choices = [(e, [u for u in interviewers if not e.deal.is_owned_by(u)]) for e in unassigned]
    choices.sort(key=lambda pair: (len(pair[1]), pair[0].pk))
    changed = []
    for entry, candidates in choices:
        if not candidates:
            continue
        chosen = min(candidates, key=lambda u: (load[u.pk], str(u), u.pk))
        entry.interviewer, entry.version = chosen, entry.version + 1
        changed.append(entry)
        load[chosen.pk] += 1
    # One statement per batch, not one per deal: a draw of 10,000 assigns in seconds.
    SampleEntry.objects.bulk_update(changed, ["interviewer", "version"], batch_size=500)
    assigned = len(changed)
    if log and assigned:
        log_action(
            program,
            "sample.interviewers_assigned",
            user=user,
            actor=actor,
            data={"count": assigned},
        )
    return assigned


@transaction.atomic
def approve_exclusion(
    program: Program, *, account: Account, reason: str, user: User | None
) -> ExclusionApproval:
    """Let an account with an open dispute or escalation into this program's sample."""
    if not reason.strip():
        raise SampleError("Say why this account may be sampled despite its open dispute.")
    approval, _ = ExclusionApproval.objects.update_or_create(
        program=program,
        account=account,
        defaults={"workspace": program.workspace, "reason": reason.strip(), "approved_by": user},
    )
    log_action(
        program,
        "sample.exclusion_approved",
        user=user,
        data={"account": str(account), "reason": reason.strip()},
    )
    return approval


def mark_interviewed(entry: SampleEntry, *, on) -> None:
    """Called by the interview stage when the interview is completed."""
    SampleEntry.objects.filter(pk=entry.pk).update(
        status=EntryStatus.INTERVIEWED, interviewed_on=on, version=F("version") + 1
    )


def entry_counts(program: Program) -> dict[str, int]:
    return dict(
        SampleEntry.objects.current(program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
