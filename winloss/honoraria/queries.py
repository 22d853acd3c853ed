"""Reads of honoraria: the offer in force, the sentence buyers read, the budget, the table."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, gettext

from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.programs.models import Program
from winloss.surveys.models import ResponseSource, ResponseStatus, SurveyResponse

from .models import Honorarium, Offer, OfferKind, Status


def offers(program: Program) -> list[Offer]:
    """Every version of the program's offer, newest first."""
    return list(Offer.objects.filter(program=program).select_related("created_by"))


def current_offer(program: Program) -> Offer:
    """The offer new invitations carry; until someone sets one, "no honorarium", unsaved."""
    return offer_at(program, None) or Offer(program=program, number=0, kind=OfferKind.NONE)


def offer_at(program: Program, at: dt.datetime | None) -> Offer | None:
    """The version in force at ``at`` (now when ``None``): the last one set before it."""
    return (
        Offer.objects.filter(program=program, created__lte=at or timezone.now())
        .order_by("-created", "-number")
        .first()
    )


def in_force(invited: str) -> Subquery:
    """For a queryset of respondents: the id of the offer in force when each was invited
    (``invited`` names their invitation's time), or NULL when none was set yet."""
    return Subquery(
        Offer.objects.filter(program=OuterRef("program"), created__lte=OuterRef(invited))
        .order_by("-created", "-number")
        .values("pk")[:1]
    )


def _charities(offer: Offer) -> str:
    names = [str(n) for n in offer.charities if str(n).strip()]
    if not names:
        return gettext("a charity of your choice")
    listed = (
        names[0]
        if len(names) == 1
        else gettext("%(first)s or %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
    )
    return gettext("a charity of your choice (%(names)s)") % {"names": listed}


def sentence(offer: Offer | None) -> str:
    """The offer as the invitation and the consent text say it, in the active language (a
    survey's buyer reads it in theirs); empty when there is none."""
    if offer is None or offer.kind == OfferKind.NONE:
        return ""
    said = {"money": offer.money, "charities": _charities(offer)}
    if offer.kind == OfferKind.GIFT_CARD:
        return (
            gettext(
                "As a thank-you, we will send a %(money)s gift card or donate %(money)s "
                "to %(charities)s."
            )
            % said
        )
    return gettext("As a thank-you, we will donate %(money)s to %(charities)s.") % said


def offer_sentence(program: Program, at: dt.datetime | None = None) -> str:
    """What outreach's ``{honorarium}`` says: the offer in force when the respondent was
    invited (``at``), or the current one for an invitation going out now.

    A batch renders thousands of messages about one program, all invited at the same moment:
    the sentence for a moment already past never changes, so it is kept on the program
    object for the rest of its life (one request, one task), and read once."""
    if at is None:
        return sentence(offer_at(program, None))
    memo = program.__dict__.setdefault("_offer_sentences", {})
    key = (at, get_language())
    if key not in memo:
        memo[key] = sentence(offer_at(program, at))
    return memo[key]


@dataclass(frozen=True)
class Budget:
    currency: str
    budget: Decimal
    spent: Decimal  # sent
    committed: Decimal  # promised, not yet sent
    # Honoraria in another currency than the offer's (an earlier version's), by currency.
    elsewhere: dict[str, tuple[Decimal, Decimal]]

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent - self.committed

    @property
    def over(self) -> bool:
        return self.remaining < 0


def priced_offer(program: Program) -> Offer:
    """The last version that offered something: its budget is the program's, even while
    new invitations offer nothing (the promises already made still count against it)."""
    priced = Offer.objects.filter(program=program).exclude(kind=OfferKind.NONE).first()
    return priced or current_offer(program)


def budget_of(program: Program, offer: Offer | None = None) -> Budget:
    offer = offer or priced_offer(program)
    rows = (
        Honorarium.objects.filter(program=program, status__in=[Status.PROMISED, Status.SENT])
        .order_by()
        .values_list("currency")
        .annotate(
            spent=Coalesce(Sum("amount", filter=Q(status=Status.SENT)), Decimal(0)),
            committed=Coalesce(Sum("amount", filter=Q(status=Status.PROMISED)), Decimal(0)),
        )
    )
    sums = {currency: (spent, committed) for currency, spent, committed in rows}
    spent, committed = sums.pop(offer.currency, (Decimal(0), Decimal(0)))
    return Budget(offer.currency, offer.budget, spent, committed, sums)


@dataclass(frozen=True)
class Respondent:
    """A respondent who answered: an interview voice or a survey response."""

    channel: str  # "Interview" or "Survey"
    name: str
    email: str
    deal: str
    offer: Offer | None  # in force when they were invited
    honorarium: Honorarium | None
    appointment_id: int | None = None
    survey_response_id: int | None = None

    @property
    def key(self) -> str:
        """The form value naming this respondent: ``a<id>`` or ``s<id>``."""
        if self.appointment_id:
            return f"a{self.appointment_id}"
        return f"s{self.survey_response_id}"

    @property
    def offered(self) -> bool:
        return self.offer is not None and self.offer.kind != OfferKind.NONE


INVITED_AT = Coalesce("invited_at", "created")


def respondents(program: Program) -> list[Respondent]:
    """Everyone who gave an interview or completed a survey sent from here, with the offer
    they were invited under and their honorarium: four queries, however many there are."""
    by_id = {o.pk: o for o in Offer.objects.filter(program=program)}
    voices = (
        Appointment.objects.filter(program=program, status=AppointmentStatus.COMPLETED)
        .annotate(invited=INVITED_AT)
        .annotate(offer_id=in_force("invited"))
        .select_related("contact", "entry__deal", "honorarium__sent_by")
        .order_by("pk")
    )
    answers = (
        SurveyResponse.objects.filter(
            program=program, source=ResponseSource.SENT, status=ResponseStatus.COMPLETED
        )
        .annotate(invited=INVITED_AT)
        .annotate(offer_id=in_force("invited"))
        .select_related("contact", "deal", "honorarium__sent_by")
        .order_by("pk")
    )
    rows = [
        Respondent(
            "Interview",
            a.contact.name if a.contact else "",
            a.contact.email if a.contact else "",
            str(a.entry.deal),
            by_id.get(a.offer_id),
            getattr(a, "honorarium", None),
            appointment_id=a.pk,
        )
        for a in voices
    ]
    rows += [
        Respondent(
            "Survey",
            r.contact.name if r.contact else "",
            r.respondent_email or (r.contact.email if r.contact else ""),
            str(r.deal),
            by_id.get(r.offer_id),
            getattr(r, "honorarium", None),
            survey_response_id=r.pk,
        )
        for r in answers
    ]
    return rows


def status_counts(program: Program) -> list[tuple[str, int]]:
    """(status, how many) for the statuses the program's honoraria are in, in order."""
    counts = dict(
        Honorarium.objects.filter(program=program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    return [(s.label, counts[s.value]) for s in Status if counts.get(s.value)]
