"""What honoraria add to program health: the response rate with and without an offer.

The response rate is the one definition health uses everywhere — those who answered over
everyone invited, declines and silence included — for interview voices and for surveys
apart, by the offer each respondent was invited under. Shown only when the program invited
people both with and without an offer: one arm alone has nothing to compare.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from winloss.lib.stats import wilson_interval
from winloss.lib.templatetags.numbers import percent
from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.programs.health.pace import response_rate
from winloss.programs.health.sections import Section, Table
from winloss.programs.models import Program
from winloss.surveys.health import INVITED as SURVEY_INVITED
from winloss.surveys.models import ResponseStatus, SurveyResponse

from .models import Offer, OfferKind, money
from .queries import INVITED_AT, in_force

NO_OFFER = "No honorarium"


@dataclass(frozen=True)
class Arm:
    offer: str  # "No honorarium", or the kind and the amount
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        return response_rate(self.responded, self.invited)

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.responded, self.invited)

    @property
    def offered(self) -> bool:
        return self.offer != NO_OFFER


def _label(offer: Offer | None) -> str:
    if offer is None or offer.kind == OfferKind.NONE:
        return NO_OFFER
    kind = "Gift card" if offer.kind == OfferKind.GIFT_CARD else "Charity donation"
    return f"{kind}, {money(offer.amount, offer.currency)}"


def _arms(rows: QuerySet, offers: dict[int, Offer]) -> list[Arm]:
    counts: dict[str, tuple[int, int]] = {}
    for offer_id, invited, responded in rows:
        label = _label(offers.get(offer_id))
        before = counts.get(label, (0, 0))
        counts[label] = (before[0] + invited, before[1] + responded)
    arms = [Arm(label, n, k) for label, (n, k) in counts.items()]
    return sorted(arms, key=lambda a: (a.offered, a.offer))


def _grouped(queryset: QuerySet, responded: Q) -> QuerySet:
    return (
        queryset.annotate(invited_on=INVITED_AT)
        .annotate(offer_id=in_force("invited_on"))
        .order_by()
        .values_list("offer_id")
        .annotate(invited=Count("id"), responded=Count("id", filter=responded))
    )


def interview_arms(program: Program, offers: dict[int, Offer]) -> list[Arm]:
    """Interview voices approached: invited, or past "not invited" by any other way."""
    approached = Appointment.objects.filter(program=program).filter(
        Q(invited_at__isnull=False) | ~Q(status=AppointmentStatus.NOT_INVITED)
    )
    return _arms(_grouped(approached, Q(status=AppointmentStatus.COMPLETED)), offers)


def survey_arms(program: Program, offers: dict[int, Offer]) -> list[Arm]:
    invited = SurveyResponse.objects.filter(SURVEY_INVITED, program=program)
    return _arms(_grouped(invited, Q(status=ResponseStatus.COMPLETED)), offers)


def _table(caption: str, arms: list[Arm]) -> Table:
    rows = []
    for arm in arms:
        low, high = arm.interval
        rows.append(
            [
                arm.offer,
                str(arm.invited),
                str(arm.responded),
                percent(arm.rate),
                f"{percent(low)}–{percent(high)}",
            ]
        )
    return Table(
        caption,
        ["Offer", "Invited", "Answered", "Response rate", "95% interval (Wilson)"],
        rows,
    )


def lift_section(program: Program) -> Section | None:
    offers = {o.pk: o for o in Offer.objects.filter(program=program)}
    if not offers:
        return None  # the program never offered anything: no honoraria to speak of
    tables, notes = [], []
    for channel, arms in (
        ("Interviews", interview_arms(program, offers)),
        ("Surveys", survey_arms(program, offers)),
    ):
        with_offer = sum(a.invited for a in arms if a.offered)
        without = sum(a.invited for a in arms if not a.offered)
        if with_offer and without:
            tables.append(_table(f"{channel}: response rate by offer", arms))
        elif with_offer or without:
            notes.append(
                f"{channel}: every respondent was invited "
                f"{'with' if with_offer else 'without'} an offer, so there is nothing to "
                "compare the response rate with; the lift shows once the program has "
                "invited people both with and without one."
            )
    notes.append(
        "Response rate: respondents who answered ÷ respondents invited, declines and no "
        "answers included, by the offer in force when each was invited. Overlapping "
        "intervals mean the difference may be chance."
    )
    return Section(
        key="honoraria",
        title="Honoraria: response rate with and without an offer",
        tables=tables,
        notes=notes,
        link=(
            reverse(
                "honoraria:program",
                kwargs={"ws": program.workspace.slug, "program_id": program.pk},
            ),
            "The program's honoraria (program owners and coordinators)",
        ),
    )
