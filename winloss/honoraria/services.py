"""Writes of honoraria: the program's offer, and each respondent's choice and payment.

Over budget, a promise is refused rather than warned about: a thank-you promised to a buyer
must be kept, so the time to stop is before the promise, while the team can still raise the
budget or say "no honorarium" to the next respondents.
"""

import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError
from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.programs.models import Program
from winloss.surveys.models import ResponseSource, ResponseStatus, SurveyResponse

from .models import Choice, Honorarium, Offer, OfferKind, Status, money
from .queries import budget_of, current_offer, offer_at


class HonorariumError(DomainError):
    """An honorarium change that cannot be made, said for the person who asked."""


@transaction.atomic
def set_offer(
    *,
    program: Program,
    user: User | None,
    kind: str,
    amount: Decimal = Decimal(0),
    currency: str = "",
    budget: Decimal = Decimal(0),
    charities: list[str] | None = None,
) -> Offer:
    """A new version of the program's offer, for the invitations sent from now on."""
    if kind not in OfferKind.values:
        raise HonorariumError("Choose no honorarium, a gift card or a charity donation.")
    currency = currency.strip().upper()
    names = [n.strip() for n in charities or [] if n.strip()]
    if kind == OfferKind.NONE:
        amount, currency, budget, names = Decimal(0), "", Decimal(0), []
    else:
        if amount <= 0:
            raise HonorariumError("Amount: give the honorarium's amount, more than zero.")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise HonorariumError(
                "Currency: give its three-letter ISO 4217 code, such as USD, EUR or GBP."
            )
        if budget < amount:
            raise HonorariumError(
                f"Budget: {money(budget, currency)} does not cover one honorarium of "
                f"{money(amount, currency)}."
            )
    # Lock the program's row so two changes at once cannot both be "the next version".
    Program.objects.select_for_update().filter(pk=program.pk).first()
    latest = current_offer(program)
    same = (latest.kind, latest.amount, latest.currency, latest.budget, latest.charities)
    if latest.pk and same == (kind, amount, currency, budget, names):
        return latest
    if latest.pk is None and kind == OfferKind.NONE:
        return latest  # "no honorarium" is where every program starts: nothing to save
    committed = budget_of(program, Offer(program=program, currency=currency, budget=budget))
    if kind != OfferKind.NONE and committed.over:
        raise HonorariumError(
            f"Budget: {money(budget, currency)} is less than the "
            f"{money(committed.spent, currency)} already sent and "
            f"{money(committed.committed, currency)} promised."
        )
    offer = Offer.objects.create(
        program=program,
        number=latest.number + 1,
        kind=kind,
        amount=amount,
        currency=currency,
        budget=budget,
        charities=names,
        created_by=user,
    )
    log_action(
        program,
        "honorarium.offer_set",
        user=user,
        data={"number": offer.number, "terms": terms(offer)},
    )
    return offer


def terms(offer: Offer) -> str:
    """The offer in a few words, for the log and the page."""
    if offer.kind == OfferKind.NONE:
        return "no honorarium"
    return f"{offer.get_kind_display().lower()}, {offer.money} each, budget " + money(
        offer.budget, offer.currency
    )


def _respondent(
    program: Program, appointment: Appointment | None, response: SurveyResponse | None
) -> Appointment | SurveyResponse:
    if (appointment is None) == (response is None):
        raise HonorariumError("Choose one respondent: an interview or a survey response.")
    if appointment is not None:
        if appointment.program_id != program.pk:
            raise HonorariumError("This interview belongs to another program.")
        if appointment.status != AppointmentStatus.COMPLETED:
            raise HonorariumError(
                "This respondent has not given their interview yet: an honorarium thanks "
                "someone who took part."
            )
        return appointment
    assert response is not None
    if response.program_id != program.pk:
        raise HonorariumError("This survey response belongs to another program.")
    if response.source != ResponseSource.SENT or response.status != ResponseStatus.COMPLETED:
        raise HonorariumError(
            "Only a survey completed here earns an honorarium; an imported one was offered "
            "whatever the tool that sent it offered."
        )
    return response


@transaction.atomic
def record_choice(
    *,
    program: Program,
    user: User | None,
    choice: str,
    appointment: Appointment | None = None,
    survey_response: SurveyResponse | None = None,
    charity: str = "",
    not_allowed: bool = False,
    note: str = "",
) -> Honorarium:
    """What the respondent chose for the offer they were invited under: a gift card or a
    charity (promised, counted in the budget), declined, or not allowed by their employer."""
    who = _respondent(program, appointment, survey_response)
    if Honorarium.objects.filter(appointment=appointment, survey_response=survey_response).exists():
        raise HonorariumError(
            "This respondent's choice is recorded already: mark it sent, declined or not "
            "allowed from the table."
        )
    invited = who.invited_at or who.created
    offer = offer_at(program, invited)
    if offer is None or offer.kind == OfferKind.NONE:
        raise HonorariumError(
            "This respondent was invited when the program offered no honorarium: there is "
            "nothing to record."
        )
    charity = charity.strip()
    if not_allowed:
        status, choice = Status.NOT_ALLOWED, ""
    elif choice == Choice.DECLINED:
        status = Status.DECLINED
    elif choice == Choice.GIFT_CARD:
        if offer.kind != OfferKind.GIFT_CARD:
            raise HonorariumError("Choice: this respondent was offered a charity donation only.")
        status = Status.PROMISED
    elif choice == Choice.CHARITY:
        if not charity:
            raise HonorariumError("Charity: name the charity the respondent chose.")
        if offer.charities and charity not in offer.charities:
            raise HonorariumError(
                f"Charity: “{charity}” is not one of those offered ({', '.join(offer.charities)})."
            )
        status = Status.PROMISED
    else:
        raise HonorariumError("Choice: choose a gift card, a charity or declined.")
    if status == Status.PROMISED:
        _check_budget(program, offer)
    honorarium = Honorarium.objects.create(
        workspace=program.workspace,
        program=program,
        appointment=appointment,
        survey_response=survey_response,
        offer=offer,
        kind=offer.kind,
        amount=offer.amount,
        currency=offer.currency,
        choice=choice,
        charity=charity if choice == Choice.CHARITY else "",
        status=status,
        note=note.strip(),
    )
    log_action(
        honorarium,
        "honorarium.recorded",
        user=user,
        data={
            "amount": honorarium.money,
            "choice": honorarium.choice_text or "—",
            "status": honorarium.get_status_display(),
        },
    )
    return honorarium


def _check_budget(program: Program, offer: Offer) -> None:
    # Lock the program so two promises at once cannot both fit in the last of the budget.
    Program.objects.select_for_update().filter(pk=program.pk).first()
    budget = budget_of(program)
    if offer.currency != budget.currency:
        return  # an earlier offer's currency: the budget, in another, does not count it
    if budget.remaining < offer.amount:
        raise HonorariumError(
            f"Over budget: {money(budget.remaining, offer.currency)} of the "
            f"{money(budget.budget, offer.currency)} budget is left "
            f"({money(budget.spent, offer.currency)} sent, "
            f"{money(budget.committed, offer.currency)} promised), not enough for "
            f"{offer.money}. Raise the budget in the offer first."
        )


_ALLOWED_FROM: dict[str, set[str]] = {
    Status.SENT: {Status.PROMISED},
    Status.DECLINED: {Status.PROMISED},
    Status.NOT_ALLOWED: {Status.PROMISED, Status.DECLINED},
}


@transaction.atomic
def change_status(
    *,
    honorarium: Honorarium,
    status: str,
    user: User | None,
    expected_version: int,
    note: str = "",
) -> Honorarium:
    """Mark a promised honorarium sent (by whom, when), declined after all, or not allowed by
    the respondent's employer."""
    if status not in _ALLOWED_FROM:
        raise HonorariumError("Choose sent, declined or not allowed by their employer.")
    if honorarium.status not in _ALLOWED_FROM[status]:
        raise HonorariumError(
            f"This honorarium is {honorarium.get_status_display().lower()}: it cannot be "
            f"marked {Status(status).label.lower()}."
        )
    old = honorarium.get_status_display()
    honorarium.status = status
    if status == Status.SENT:
        honorarium.sent_by, honorarium.sent_at = user, timezone.now()
    if note.strip():
        honorarium.note = note.strip()
    save_versioned(
        honorarium,
        expected_version=expected_version,
        fields=["status", "sent_by", "sent_at", "note"],
    )
    log_action(
        honorarium,
        "honorarium.status_changed",
        user=user,
        changes={"status": [old, honorarium.get_status_display()]},
        data={"amount": honorarium.money, "status": honorarium.get_status_display().lower()},
    )
    return honorarium
