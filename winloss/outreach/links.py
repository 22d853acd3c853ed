"""Respondent links: signed, bound to one appointment (or survey response) and one purpose,
expiring.

The token is ``django.core.signing`` over the link's id and a random nonce, so it cannot be
guessed or altered without the server's secret, and no token needs to be stored or passed to
the email worker: the worker signs the same values again.
"""

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from winloss.lib.errors import DomainError
from winloss.lib.sql import insert_instances

from . import surveyed
from .models import Appointment, AppointmentStatus, LinkPurpose, RespondentLink

SALT = "winloss.outreach.respondent-link"
SCHEDULE_LIFETIME = dt.timedelta(days=21)
INTERVIEW_PURPOSES = (LinkPurpose.SCHEDULE, LinkPurpose.MANAGE)
# The page each purpose opens (the survey's is the surveys app's public page).
PAGES = {
    LinkPurpose.SCHEDULE: "respondent:link",
    LinkPurpose.MANAGE: "respondent:link",
    LinkPurpose.SURVEY: "survey_answer:answer",
}
NOT_VALID = "This link is not valid. Check that you opened it whole from the email."


class LinkUnusable(DomainError):
    """The link cannot be used; the message says why, for the respondent."""

    status = 410


def token_for(link: RespondentLink) -> str:
    return signing.dumps([link.pk, link.nonce], salt=SALT, compress=False)


def url_for(link: RespondentLink) -> str:
    return settings.SITE_URL + reverse(PAGES[LinkPurpose(link.purpose)], args=[token_for(link)])


def new_link(about: Appointment | Any, purpose: str) -> RespondentLink:
    """A fresh link for an appointment or a survey response; any earlier link of the same
    purpose stops working."""
    return new_links([about], purpose)[0]


def new_links(abouts: Sequence[Appointment | Any], purpose: str) -> list[RespondentLink]:
    """A fresh link each, in two queries however many (a survey batch reaches thousands)."""
    now = timezone.now()
    appointments = [a.pk for a in abouts if not surveyed.is_survey(a)]
    responses = [a.pk for a in abouts if surveyed.is_survey(a)]
    live = RespondentLink.objects.filter(purpose=purpose, used_at=None, revoked_at=None)
    for field, ids in (("appointment_id__in", appointments), ("survey_response_id__in", responses)):
        for start in range(0, len(ids), 900):  # bounded IN (…) lists, for SQLite
            live.filter(**{field: ids[start : start + 900]}).update(revoked_at=now)
    made = []
    for about in abouts:
        starts = getattr(about, "starts_at", None)
        expires = starts if purpose == LinkPurpose.MANAGE and starts else now + SCHEDULE_LIFETIME
        link = RespondentLink(
            **surveyed.key(about), purpose=purpose, expires_at=expires, created=now
        )
        link.nonce = secrets.token_urlsafe(24)  # what save() would give
        made.append(link)
    insert_instances(
        made, read_back=RespondentLink.objects.filter(created=now, purpose=purpose), key=["nonce"]
    )
    return made


def current(about: Appointment | Any) -> RespondentLink | None:
    """The buyer's link that works now, if any (the newest: issuing one revokes the others)."""
    return (
        RespondentLink.objects.filter(
            **surveyed.key(about), used_at=None, revoked_at=None, expires_at__gt=timezone.now()
        )
        .order_by("-created", "-pk")
        .first()
    )


def resolve(
    token: str, *, for_update: bool = False, purposes: Sequence[str] = INTERVIEW_PURPOSES
) -> RespondentLink:
    """The usable link this token stands for, or ``LinkUnusable`` saying why not. A link
    serves only its own ``purposes``: a survey's link opens no interview page, and back."""
    try:
        pk, nonce = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkUnusable(NOT_VALID) from None
    links = RespondentLink.objects.select_related(
        "appointment__program__workspace",
        "appointment__contact",
        "appointment__interviewer",
        "survey_response__program__workspace",
        "survey_response__contact",
    )
    if for_update:
        links = links.select_for_update(of=("self",))
    link = links.filter(pk=pk, nonce=nonce).first()
    if link is None or link.purpose not in purposes:
        raise LinkUnusable(NOT_VALID)
    if link.survey_response_id:
        # A finished or declined survey says so, whatever became of the link.
        reason = surveyed.hooks().unusable(link.survey_response)
        if reason:
            raise LinkUnusable(reason)
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
    appointment = link.appointment
    if appointment is None:
        return link
    if appointment.status in (AppointmentStatus.CANCELLED, AppointmentStatus.DECLINED):
        raise LinkUnusable("This interview was cancelled, so the link no longer works.")
    if appointment.status in (AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW):
        raise LinkUnusable("This interview has taken place; the link no longer works.")
    return link
