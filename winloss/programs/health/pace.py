"""Completion pace, response rates, time to interview and the share of closed deals heard."""

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.db.models import Count, Q
from django.utils import timezone

from winloss.deals.models import CLOSED_OUTCOMES, Outcome

from ..models import REFUSAL_STATUSES, EntryStatus, Program, SampleEntry
from ..queries import deals_in_scope

# A deal closed on the window's last day still deserves its interview: fieldwork runs this
# long past the window before the plan expects every interview done.
FIELDWORK_GRACE_DAYS = 30
# Planning figures seen in the field: about 40% of won contacts agree, 25% of lost ones.
PLANNING_RESPONSE: dict[str, float] = {Outcome.WON: 0.40, Outcome.LOST: 0.25}
BIAS_GAP = 0.15  # response rates further apart than this between outcomes: non-response bias
MIN_RESOLVED = 5  # buyers approached before a response rate is worth comparing


@dataclass(frozen=True)
class Pace:
    target: int
    completed: int
    expected: float  # interviews the plan expects by today
    start: dt.date
    end: dt.date

    @property
    def behind(self) -> bool:
        """Back-loaded: fewer than four in five of the interviews the plan expects by now."""
        return self.expected >= 2 and self.completed < 0.8 * self.expected


def pace(program: Program, completed: int, today: dt.date | None = None) -> Pace | None:
    if not (program.window_start and program.window_end):
        return None
    today = today or timezone.localdate()
    start = program.window_start
    end = program.window_end + dt.timedelta(days=FIELDWORK_GRACE_DAYS)
    elapsed = min(max((today - start).days / max((end - start).days, 1), 0.0), 1.0)
    return Pace(
        program.target_sample_size, completed, program.target_sample_size * elapsed, start, end
    )


def response_rate(interviewed: int, approached: int) -> float | None:
    """The response rate, as AAPOR's RR1 defines it: completed interviews over every eligible
    contact approached — declines and buyers who never answered both in the base. The one
    definition health, outreach, the report and the API all show."""
    return interviewed / approached if approached else None


@dataclass(frozen=True)
class Response:
    outcome: str
    approached: int  # eligible contacts we reached out to, whatever became of it
    interviewed: int
    declined: int
    no_answer: int  # unreachable, or invited and not answered yet

    @property
    def rate(self) -> float | None:
        return response_rate(self.interviewed, self.approached)

    @property
    def planning(self) -> float | None:
        return PLANNING_RESPONSE.get(self.outcome)

    @property
    def label(self) -> str:
        return Outcome.label_of(self.outcome)

    def as_dict(self) -> dict:
        return {
            "outcome": self.label,
            "approached": self.approached,
            "interviewed": self.interviewed,
            "declined": self.declined,
            "no_answer": self.no_answer,
            "rate": self.rate,
            "definition": RATE_DEFINITION,
        }


RATE_DEFINITION = "interviewed ÷ buyers approached (declines and no answers included; AAPOR RR1)"
# An entry counts as approached once it has an answer (an interview, a decline, unreachable)
# or an invitation, a contact attempt or an appointment past "not invited".
_ANSWERED = [EntryStatus.INTERVIEWED, *REFUSAL_STATUSES]
_APPROACHED = (
    Q(status__in=_ANSWERED)
    | Q(appointments__invited_at__isnull=False)
    | (Q(appointments__isnull=False) & ~Q(appointments__status="not_invited"))
    | Q(appointments__attempts__isnull=False)
)


def response_by_outcome(program: Program) -> list[Response]:
    rows = (
        SampleEntry.objects.filter(program=program, draw__discarded_at__isnull=True)
        .exclude(status__in=[EntryStatus.PROPOSED, EntryStatus.REMOVED])
        .order_by()
        .values_list("outcome")
        .annotate(
            # distinct: the join to contact attempts repeats an entry once per attempt
            approached=Count("id", filter=_APPROACHED, distinct=True),
            interviewed=Count("id", filter=Q(status=EntryStatus.INTERVIEWED), distinct=True),
            declined=Count("id", filter=Q(status=EntryStatus.DECLINED), distinct=True),
            unreachable=Count("id", filter=Q(status=EntryStatus.UNREACHABLE), distinct=True),
        )
    )
    result = []
    for outcome, approached, interviewed, declined, _unreachable in sorted(rows):
        if approached:
            no_answer = approached - interviewed - declined
            result.append(Response(outcome, approached, interviewed, declined, no_answer))
    return result


def non_response_warning(responses: list[Response]) -> str:
    rated = [r for r in responses if r.approached >= MIN_RESOLVED and r.rate is not None]
    if len(rated) < 2:
        return ""
    low = min(rated, key=lambda r: r.rate or 0)
    high = max(rated, key=lambda r: r.rate or 0)
    if (high.rate or 0) - (low.rate or 0) <= BIAS_GAP:
        return ""
    return (
        f"{low.label} deals answer far less often ({low.rate:.0%}) than {high.label.lower()} "
        f"deals ({high.rate:.0%}): findings may under-weight {low.label.lower()} buyers. "
        "Approach more of them, or say so in the report's limitations."
    )


@dataclass(frozen=True)
class Freshness:
    count: int
    median: float | None
    low: float | None  # first quartile
    high: float | None  # third quartile


def time_to_interview(program: Program) -> Freshness:
    """Days from close to interview: fresher memories are more reliable."""
    # Both dates present: the stubs cannot tell from the query.
    pairs = cast(
        Iterable[tuple[dt.date, dt.date]],
        SampleEntry.objects.filter(
            program=program,
            draw__discarded_at__isnull=True,
            status=EntryStatus.INTERVIEWED,
            interviewed_on__isnull=False,
            deal__close_date__isnull=False,
        ).values_list("interviewed_on", "deal__close_date"),
    )
    days = [(interviewed - closed).days for interviewed, closed in pairs]
    if not days:
        return Freshness(0, None, None, None)
    if len(days) == 1:
        return Freshness(1, float(days[0]), float(days[0]), float(days[0]))
    q1, median, q3 = statistics.quantiles(days, n=4, method="inclusive")
    return Freshness(len(days), median, q1, q3)


def interviews_held(program: Program) -> int:
    """Completed interviews on the sample's deals: more than the deals heard when a deal was
    heard from several people (the economic buyer, an evaluator, procurement …)."""
    # "completed" is the interview stage's InterviewStatus.COMPLETED: programs sits below it.
    return SampleEntry.objects.current(program).aggregate(
        n=Count("interviews", filter=Q(interviews__status="completed"))
    )["n"]


def share_heard(program: Program, interviewed: int) -> tuple[int, int]:
    """(deals interviewed, closed deals in scope): deals, however many people each heard."""
    closed = deals_in_scope(program).filter(outcome__in=CLOSED_OUTCOMES).count()
    return interviewed, closed
