"""Writes for SOP step 2: draw the sample, add and remove by hand, replace refusals, assign
interviewers. Every change is logged on the program, so the program log documents the sample.

The draw lives here; hand changes and replacements in ``changes.py``, interviewers in
``interviewers.py``; this module names them all, so callers import one place.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.deals.models import Account, Deal, Outcome

from ..models import (
    ACTIVE_STATUSES,
    Allocation,
    EntrySource,
    EntryStatus,
    ExclusionApproval,
    Program,
    SampleDraw,
    SampleEntry,
    stratum_label,
)
from .allocation import allocate
from .changes import (
    accept_replacement,
    add_to_sample,
    propose_replacement,
    record_refusal,
    remove_from_sample,
    replace_declined,
    skip_replacement,
)
from .common import SampleError, current_draw
from .eligibility import eligible_deals
from .interviewers import assign_interviewer, assign_interviewers, interviewer_choices
from .picking import in_draw_order, pick, respondents
from .strata import (
    BAND_METHODS,
    QUANTILES,
    SEGMENT_DIMENSIONS,
    Bands,
    annotate_strata,
    band_currency,
    quantile_bands,
)

__all__ = [
    "DrawSettings",
    "SampleError",
    "accept_replacement",
    "add_to_sample",
    "approve_exclusion",
    "assign_interviewer",
    "assign_interviewers",
    "current_draw",
    "discard_sample",
    "draw_sample",
    "interviewer_choices",
    "mark_interviewed",
    "propose_replacement",
    "record_refusal",
    "redraw_sample",
    "remove_from_sample",
    "replace_declined",
    "skip_replacement",
]


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
    members: list[tuple[int, int | None]] = field(default_factory=list)  # (deal, account)


def _bands_for(settings: DrawSettings, deals: QuerySet[Deal]) -> tuple[Bands, str]:
    if settings.band_method == "custom":
        return Bands(tuple(settings.band_edges), band_currency(deals)), "custom"
    if settings.band_method in QUANTILES:
        return quantile_bands(deals, QUANTILES[settings.band_method]), settings.band_method
    return Bands(), "none"


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
        band_currency=bands.currency if bands.edges else "",
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
def discard_sample(
    program: Program, *, reason: str, user: User | None = None, actor: str = ""
) -> SampleDraw:
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
    log_action(program, "sample.discarded", user=user, actor=actor, data={"reason": reason.strip()})
    return draw


@transaction.atomic
def redraw_sample(
    program: Program,
    *,
    settings: DrawSettings,
    reason: str,
    user: User | None = None,
    actor: str = "",
) -> SampleDraw:
    """Discard the current sample (if there is one) and draw anew, together: a draw that
    fails leaves the old sample standing."""
    if current_draw(program) is not None:
        discard_sample(program, reason=reason, user=user, actor=actor)
    return draw_sample(program, settings=settings, user=user, actor=actor)


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


def mark_interviewed(entry: SampleEntry, *, on: dt.date) -> None:
    """Called by the interview stage when an interview is completed. A deal heard from
    several people keeps the day it was first heard."""
    SampleEntry.objects.filter(pk=entry.pk).update(
        status=EntryStatus.INTERVIEWED,
        interviewed_on=Coalesce(F("interviewed_on"), Value(on)),
        version=F("version") + 1,
    )


@transaction.atomic
def give_respondents(*, deal_ids: list[int], user: User | None = None) -> int:
    """Contacts added or imported after a draw reach the sample at once: each entry still
    waiting for a respondent gets its deal's contact nearest the decision (no redraw)."""
    waiting = list(
        SampleEntry.objects.filter(
            deal_id__in=deal_ids,
            contact__isnull=True,
            status__in=ACTIVE_STATUSES,
            draw__discarded_at__isnull=True,
        ).select_related("program", "deal")
    )
    found = respondents([e.deal_id for e in waiting])
    given = [e for e in waiting if found.get(e.deal_id)]
    for entry in given:
        entry.contact_id = found[entry.deal_id]
        entry.version = F("version") + 1
        entry.save(update_fields=["contact", "version", "updated"])
    by_program: dict[Program, list[str]] = {}
    for entry in given:
        by_program.setdefault(entry.program, []).append(entry.deal.name)
    for program, deals in by_program.items():
        log_action(
            program,
            "sample.respondents_found",
            user=user,
            data={"count": len(deals), "deals": ", ".join(deals[:5])},
        )
    return len(given)


def give_respondents_on_signal(
    sender: object, *, deal_ids: list[int], user: User | None = None, **kwargs: Any
) -> None:
    """Receiver of ``deals.signals.contacts_linked``."""
    give_respondents(deal_ids=deal_ids, user=user)
