"""What buyer surveys add to program health: their response rate by outcome, and how many
closed deals in scope were heard by interview, by survey, or by either.

Registered with ``programs.health.sections`` from this app's ``ready()``: programs come
before surveys and cannot import them. Every figure is one SQL aggregate, however many
responses and interviews the program holds.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q

from winloss.deals.models import CLOSED_OUTCOMES, Outcome
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED
from winloss.lib.templatetags.numbers import percent
from winloss.programs.health.pace import response_rate
from winloss.programs.health.sections import Section, Table
from winloss.programs.models import Program
from winloss.programs.queries import deals_in_scope

from .models import ResponseSource, ResponseStatus, SurveyResponse

RATE_DEFINITION = (
    "Response rate: completed surveys ÷ buyers invited, declines and buyers who never "
    "answered included — the same definition as the interviews' (AAPOR RR1)."
)
# Invited here: sent by us, with an invitation out or an answer already in. Imported
# responses were invited by another tool, whose non-respondents we never see.
INVITED = Q(source=ResponseSource.SENT) & (
    Q(invited_at__isnull=False) | ~Q(status=ResponseStatus.INVITED)
)


@dataclass(frozen=True)
class SurveyRate:
    outcome: str
    invited: int
    completed: int
    declined: int

    @property
    def no_answer(self) -> int:
        """Invited and not answered yet, or started and left unfinished."""
        return self.invited - self.completed - self.declined

    @property
    def rate(self) -> float | None:
        return response_rate(self.completed, self.invited)

    @property
    def label(self) -> str:
        return Outcome.label_of(self.outcome)


def survey_response_by_outcome(program: Program) -> tuple[list[SurveyRate], int]:
    """The survey response rate per outcome, and how many imported responses it leaves out."""
    rows = (
        SurveyResponse.objects.filter(program=program)
        .order_by()
        .values_list("outcome")
        .annotate(
            invited=Count("id", filter=INVITED),
            completed=Count("id", filter=INVITED & Q(status=ResponseStatus.COMPLETED)),
            declined=Count("id", filter=INVITED & Q(status=ResponseStatus.DECLINED)),
            imported=Count("id", filter=Q(source=ResponseSource.IMPORTED)),
        )
    )
    rates, imported = [], 0
    for outcome, invited, completed, declined, outside in sorted(rows):
        imported += outside
        if invited:
            rates.append(SurveyRate(outcome, invited, completed, declined))
    return rates, imported


@dataclass(frozen=True)
class Heard:
    closed: int
    by_interview: int
    by_survey: int
    by_either: int


def deals_heard(program: Program) -> Heard:
    """Closed deals in scope heard by a validated interview, by a completed survey, by either:
    a deal heard from several people, or both ways, counts once in each figure."""
    interviewed = Interview.objects.filter(VALIDATED, program=program, entry__deal=OuterRef("pk"))
    surveyed = SurveyResponse.objects.filter(
        program=program, deal=OuterRef("pk"), status=ResponseStatus.COMPLETED
    )
    counts = (
        deals_in_scope(program)
        .filter(outcome__in=CLOSED_OUTCOMES)
        .annotate(interviewed=Exists(interviewed), surveyed=Exists(surveyed))
        .aggregate(
            closed=Count("id"),
            by_interview=Count("id", filter=Q(interviewed=True)),
            by_survey=Count("id", filter=Q(surveyed=True)),
            by_either=Count("id", filter=Q(interviewed=True) | Q(surveyed=True)),
        )
    )
    return Heard(**counts)


# What the builder's estimate aims under (``builder/timing.py``), measured here on real buyers.
FINISH_WITHIN = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class TimeToFinish:
    timed: int  # completed here, from consent to the last answer
    within: int  # of them, finished within FINISH_WITHIN
    median: dt.timedelta


def time_to_finish(program: Program) -> TimeToFinish | None:
    """How long buyers took, from giving consent to sending their last answer, over the
    surveys completed on our page (imported ones were answered elsewhere): the median and how
    many finished within five minutes; None before anyone has. Two queries, however many
    answered; a buyer who left and came back the next day counts with the whole time, which
    the median shrugs off."""
    took = ExpressionWrapper(F("completed_at") - F("started_at"), output_field=DurationField())
    finished = SurveyResponse.objects.filter(
        program=program,
        source=ResponseSource.SENT,
        status=ResponseStatus.COMPLETED,
        started_at__isnull=False,
        completed_at__isnull=False,
    ).annotate(took=took)
    counts = finished.aggregate(
        timed=Count("id"), within=Count("id", filter=Q(took__lte=FINISH_WITHIN))
    )
    n = counts["timed"]
    if not n:
        return None
    middle = list(
        finished.order_by("took", "pk").values_list("took", flat=True)[(n - 1) // 2 : n // 2 + 1]
    )
    return TimeToFinish(n, counts["within"], sum(middle, dt.timedelta()) / len(middle))


def _minutes(span: dt.timedelta) -> str:
    seconds = round(span.total_seconds())
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _share(n: int, total: int) -> str:
    return f"{n} of {total} ({percent(n / total if total else None)})"


def survey_health(program: Program) -> Section | None:
    rates, imported = survey_response_by_outcome(program)
    heard = deals_heard(program)
    if not rates and not imported and not heard.by_survey:
        return None  # no surveys in this program: nothing to add to the interviews' figures
    tables, notes = [], [RATE_DEFINITION]
    if rates:
        tables.append(
            Table(
                "Survey response rate by outcome",
                ["Outcome", "Invited", "Completed", "Declined", "No answer", "Response rate"],
                [
                    [
                        r.label,
                        str(r.invited),
                        str(r.completed),
                        str(r.declined),
                        str(r.no_answer),
                        percent(r.rate),
                    ]
                    for r in rates
                ],
            )
        )
    else:
        notes.append("No buyer has been sent a survey from here yet.")
    if imported:
        notes.append(
            f"{imported} imported response{'s' if imported != 1 else ''} "
            f"{'are' if imported != 1 else 'is'} left out of the rate: the tool that sent "
            "them knows who did not answer, we do not."
        )
    timing = time_to_finish(program)
    if timing is not None:
        tables.append(
            Table(
                "Time to finish (completed on our page, from consent to the last answer)",
                ["Measure", "Buyers"],
                [
                    ["Median time", f"{_minutes(timing.median)} (of {timing.timed})"],
                    ["Finished within 5 minutes", _share(timing.within, timing.timed)],
                ],
            )
        )
    tables.append(
        Table(
            "Share of closed deals in scope heard",
            ["Heard by", "Deals"],
            [
                ["A validated interview", _share(heard.by_interview, heard.closed)],
                ["A completed survey", _share(heard.by_survey, heard.closed)],
                ["Either", _share(heard.by_either, heard.closed)],
            ],
        )
    )
    return Section(
        key="surveys",
        title="Buyer surveys",
        intro="Surveys reach closed deals the interview sample does not; their answers are "
        "their own evidence and never count as interviews.",
        tables=tables,
        notes=notes,
    )
