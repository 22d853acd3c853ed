"""Respondent links: signed, bound to one appointment and one purpose, expiring.

The token is ``django.core.signing`` over the link's id and a random nonce, so it cannot be
guessed or altered without the server's secret, and no token needs to be stored or passed to
the email worker: the worker signs the same values again.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from winloss.lib.errors import DomainError

from .models import Appointment, AppointmentStatus, LinkPurpose, RespondentLink

SALT = "winloss.outreach.respondent-link"
SCHEDULE_LIFETIME = dt.timedelta(days=21)


class LinkUnusable(DomainError):
    """The link cannot be used; the message says why, for the respondent."""

    status = 410


def token_for(link: RespondentLink) -> str:
    return signing.dumps([link.pk, link.nonce], salt=SALT, compress=False)


def url_for(link: RespondentLink) -> str:
    return settings.SITE_URL + reverse("respondent:link", args=[token_for(link)])


def new_link(appointment: Appointment, purpose: str) -> RespondentLink:
    """A fresh link; any earlier link of the same purpose stops working."""
    now = timezone.now()
    appointment.links.filter(purpose=purpose, used_at=None, revoked_at=None).update(revoked_at=now)
    if purpose == LinkPurpose.MANAGE and appointment.starts_at:
        expires = appointment.starts_at
    else:
        expires = now + SCHEDULE_LIFETIME
    return RespondentLink.objects.create(
        appointment=appointment, purpose=purpose, expires_at=expires
    )


def current(appointment: Appointment) -> RespondentLink | None:
    """The buyer's link that works now, if any (the newest: issuing one revokes the others)."""
    return (
        appointment.links.filter(used_at=None, revoked_at=None, expires_at__gt=timezone.now())
        .order_by("-created", "-pk")
        .first()
    )


def resolve(token: str, *, for_update: bool = False) -> RespondentLink:
    """The usable link this token stands for, or ``LinkUnusable`` saying why not."""
    try:
        pk, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkUnusable(
            "This link is not valid. Check that you opened it whole from the email."
        ) from None
    links = RespondentLink.objects.select_related(
        "appointment__program__workspace", "appointment__contact", "appointment__interviewer"
    )
    if for_update:
        links = links.select_for_update(of=("self",))
    link = links.filter(pk=pk, nonce=nonce).first()
    if link is None:
        raise LinkUnusable("This link is not valid. Check that you opened it whole from the email.")
    if link.used_at:
        raise LinkUnusable(
            "This link has been used already. Use the link in your confirmation "
            "email to change or cancel the interview."
        )
    if link.revoked_at:
        raise LinkUnusable("This link was replaced by a newer one. Use the most recent email.")
    if link.expires_at <= timezone.now():
        raise LinkUnusable(
            "This link has expired. Reply to the email if you would still like to take part."
        )
    if link.appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.DECLINED):
        raise LinkUnusable("This interview was cancelled, so the link no longer works.")
    if link.appointment.status in (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW):
        raise LinkUnusable("This interview has taken place; the link no longer works.")
    return link
