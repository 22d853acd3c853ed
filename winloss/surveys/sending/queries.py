"""Who a survey send would reach, and why each other closed deal in scope is left out.

The rules are the sample's (``programs.sampling.eligibility``: scope, disputes, do-not-contact,
accounts in another program's sample), its choice of respondent (the decision lead first),
and the program's recency (``programs.recency``); a survey adds its own: deals in the
interview sample are heard there, and nobody is asked twice. Built for tens of thousands of
deals: a handful of queries, whatever the count.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db.models import Case, Value, When
from django.utils import timezone

from winloss.deals.models import Deal, Outcome
from winloss.outreach.models import Appointment
from winloss.programs import recency
from winloss.programs.models import Program, SampleDraw, SampleEntry
from winloss.programs.sampling.eligibility import EXCLUSION_REASONS, eligible_deals
from winloss.programs.sampling.picking import respondent_rows

from ..models import SendMode, Survey, SurveyResponse, SurveyStatus

RECENT_DAYS = 180  # the sample's own default for "approached recently"

IN_SAMPLE = "In the interview sample"
ALREADY = "Already sent this program's survey"
NOT_LOST = "Not lost (this send asks lost deals only)"
NOT_DRAWN = "Not in the random share"
NO_CONTACT = "No contact on record"
DO_NOT_CONTACT = "Do not contact"
NO_EMAIL = "No email address"


OUTCOMES = dict(Outcome.choices)


@dataclass(frozen=True, slots=True)
class DealRow:
    """What the page shows and the send writes of a deal: read as plain values, since tens
    of thousands of model instances were most of the batch's time."""

    pk: int
    name: str
    outcome: str
    close_date: dt.date | None
    kept_out: str

    def get_outcome_display(self) -> str:
        return OUTCOMES.get(self.outcome, self.outcome)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Person:
    """The buyer a survey would go to, as plain values (see ``DealRow``)."""

    pk: int
    name: str
    email: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Candidate:
    deal: DealRow
    contact: Person | None
    skip_reason: str  # empty when the survey will go

    @property
    def email(self) -> str:
        return self.contact.email if self.contact else ""


@dataclass
class Batch:
    mode: str
    share_percent: int | None
    seed: int
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def to_send(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.skip_reason]

    @property
    def skipped(self) -> list[Candidate]:
        return [c for c in self.candidates if c.skip_reason]

    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for candidate in self.skipped:
            counts[candidate.skip_reason] = counts.get(candidate.skip_reason, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def approved_survey(program: Program) -> Survey | None:
    """The version a send uses: the newest approved one."""
    return (
        Survey.objects.filter(program=program, status=SurveyStatus.APPROVED)
        .order_by("-number")
        .first()
    )


def recent_days(program: Program) -> int:
    """How long an account or person counts as approached: the standing draw's setting."""
    draw = SampleDraw.objects.filter(program=program, discarded_at=None).order_by("-pk").first()
    return draw.recent_days if draw else RECENT_DAYS


def _recently_asked(program: Program, contact_ids: set[int], days: int) -> set[int]:
    """The people invited to an interview or a survey of another program in the last days:
    the workspace's recent invitations (few), read whole rather than thousands of ids at a
    time, then matched."""
    since = timezone.now() - dt.timedelta(days=days)
    asked: set[int] = set()
    for invited in (
        Appointment.objects.filter(workspace_id=program.workspace_id),
        SurveyResponse.objects.filter(workspace_id=program.workspace_id),
    ):
        asked.update(
            invited.exclude(program=program)
            .filter(invited_at__gte=since, contact_id__isnull=False)
            .values_list("contact_id", flat=True)
        )
    return asked & contact_ids


def survey_batch(
    program: Program, *, mode: str = SendMode.ALL, share_percent: int | None = None, seed: int = 0
) -> Batch:
    """Every closed deal in the program's scope, each with whom the survey would go to or why
    it will not. The random share is drawn with ``seed`` from the deals left after every other
    rule, so the same seed over the same deals picks the same ones."""
    days = recent_days(program)
    eligibility = eligible_deals(program, recent_days=days)
    cutoff = recency.cutoff(program)
    kept_out = [
        When(rule, then=Value(EXCLUSION_REASONS[reason]))
        for reason, rule in eligibility.rules.items()
    ]
    deals = [
        DealRow(*row)
        for row in eligibility.scope.annotate(
            kept_out=Case(
                *kept_out, When(close_date__lt=cutoff, then=Value("old")), default=Value("")
            )
        )
        .order_by("close_date", "pk")
        .values_list("id", "name", "outcome", "close_date", "kept_out")
    ]
    in_sample = set(
        SampleEntry.objects.current(program).values_list("deal_id", flat=True).distinct()
    )
    already = set(SurveyResponse.objects.filter(program=program).values_list("deal_id", flat=True))
    # The scope as a subquery: one query each, not an IN list per thousand deals.
    scope_ids = eligibility.scope.order_by().values("pk")
    # Only what the page shows and the send writes, as plain values (``DealRow``, ``Person``).
    people = respondent_rows(scope_ids, "name", "email")
    chosen = {deal_id: row[0] for deal_id, row in people.items()}
    contacts = {row[0]: Person(*row) for row in people.values()}
    linked = set(
        Deal.contacts.through.objects.filter(deal_id__in=scope_ids)
        .order_by()
        .values_list("deal_id", flat=True)
    )
    asked = _recently_asked(program, set(contacts), days)
    old = (
        f"Closed more than {program.recency_days} days ago"
        if program.recency_days
        else "Closed long ago"
    )
    batch = Batch(mode=mode, share_percent=share_percent, seed=seed)
    for deal in deals:
        contact = contacts.get(chosen.get(deal.pk, 0))
        reason = _reason(deal, contact, in_sample, already, linked, asked, mode, old, days)
        batch.candidates.append(Candidate(deal, contact, reason))
    if mode == SendMode.SHARE:
        _draw_share(batch, share_percent or 100, seed)
    return batch


def _reason(deal, contact, in_sample, already, linked, asked, mode, old, days) -> str:
    if deal.pk in already:
        return ALREADY
    if deal.pk in in_sample:
        return IN_SAMPLE
    if deal.kept_out:
        return old if deal.kept_out == "old" else deal.kept_out
    if mode == SendMode.LOST and deal.outcome != Outcome.LOST:
        return NOT_LOST
    if contact is None:
        return DO_NOT_CONTACT if deal.pk in linked else NO_CONTACT
    if not contact.email:
        return NO_EMAIL
    if contact.pk in asked:
        return f"Asked for another program in the last {days} days"
    return ""


def _draw_share(batch: Batch, percent: int, seed: int) -> None:
    eligible = [i for i, c in enumerate(batch.candidates) if not c.skip_reason]
    keep = round(len(eligible) * percent / 100)
    picked = set(random.Random(seed).sample(eligible, keep))
    for i in eligible:
        if i not in picked:
            candidate = batch.candidates[i]
            batch.candidates[i] = Candidate(candidate.deal, candidate.contact, NOT_DRAWN)
