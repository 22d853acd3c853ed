"""Respondents and offers made directly, at chosen moments: who was offered what depends on
when they were invited."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from winloss.deals.models import Outcome
from winloss.honoraria import services
from winloss.honoraria.models import Offer
from winloss.outreach.models import Appointment, AppointmentStatus
from winloss.surveys.models import ResponseSource, ResponseStatus, SurveyResponse
from winloss.testing import make_account, make_contact, make_deal, make_entry

START = timezone.now() - dt.timedelta(days=60)


def day(n: int | dt.datetime) -> dt.datetime:
    """Day ``n`` of a program that began sixty days ago (a moment is kept as it is)."""
    return n if isinstance(n, dt.datetime) else START + dt.timedelta(days=n)


def offer_on(program, n: int, kind: str = "gift_card", amount: int = 50, **extra) -> Offer:
    """The program's offer, as if set on day ``n``."""
    fields = {"currency": "USD", "budget": Decimal(1000), **extra}
    if kind == "none":
        fields = {}
    made = services.set_offer(
        program=program, user=None, kind=kind, amount=Decimal(amount), **fields
    )
    Offer.objects.filter(pk=made.pk).update(created=day(n))
    made.refresh_from_db()
    return made


def _deal(program, outcome: str, name: str):
    workspace = program.workspace
    account = make_account(workspace)
    deal = make_deal(workspace, account=account, outcome=outcome)
    contact = make_contact(
        workspace, account=account, name=name, email=f"{name.split()[0].lower()}@buyer.example"
    )
    deal.contacts.add(contact)
    return deal, contact


def voice(
    program,
    *,
    invited: int | dt.datetime,
    status: str = AppointmentStatus.COMPLETED,
    outcome: str = Outcome.LOST,
    name: str = "Bea Buyer",
) -> Appointment:
    """An interview voice invited on day ``invited``."""
    deal, contact = _deal(program, outcome, name)
    entry = make_entry(program, deal, contact=contact)
    return Appointment.objects.create(
        workspace=program.workspace,
        program=program,
        entry=entry,
        contact=contact,
        status=status,
        invited_at=day(invited),
    )


def answer(
    program,
    *,
    invited: int | None,
    status: str = ResponseStatus.COMPLETED,
    outcome: str = Outcome.LOST,
    source: str = ResponseSource.SENT,
    deal=None,
    name: str = "Sam Surveyed",
) -> SurveyResponse:
    """A survey response about a closed deal, invited on day ``invited``."""
    if deal is None:
        deal, contact = _deal(program, outcome, name)
    else:
        contact = None
    return SurveyResponse.objects.create(
        workspace=program.workspace,
        program=program,
        deal=deal,
        contact=contact,
        respondent_email=contact.email if contact else f"someone{deal.pk}@buyer.example",
        outcome=outcome,
        source=source,
        status=status,
        invited_at=day(invited) if invited is not None else None,
    )
