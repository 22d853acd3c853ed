"""An interviewer's private calendar feed: a secret address a calendar app subscribes to.

The token is ``django.core.signing`` over the calendar's id and a random nonce, like a
respondent's link (``links.py``): nothing to store, nothing to guess, and a new nonce (a reset)
makes every older address fail. The feed answers only while its interviewer is still a
member who may conduct interviews in the workspace.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from winloss.accounts.models import Membership
from winloss.accounts.roles import Cap
from winloss.sso.services import made_before_requirement

from .models import Appointment, AppointmentStatus, InterviewerCalendar

SALT = "winloss.outreach.calendar-feed"
PAST = dt.timedelta(days=30)  # how far back the feed reaches; the future is all of it
# Shown as taking place; the others (cancelled, declined once booked) as cancelled.
HELD = [AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW]
DROPPED = [AppointmentStatus.CANCELLED, AppointmentStatus.DECLINED]


def token_for(calendar: InterviewerCalendar) -> str:
    # No timestamp in it (``signing.dumps`` adds one): a calendar app subscribes to one address,
    # and it stays the same on every visit until the interviewer resets it.
    return signing.Signer(salt=SALT).sign_object([calendar.pk, calendar.feed_nonce])


def url_for(calendar: InterviewerCalendar) -> str:
    return settings.SITE_URL + reverse("calendar_feed:feed", args=[token_for(calendar)])


def resolve(token: str) -> InterviewerCalendar | None:
    """The calendar this token stands for, if its address is current and its interviewer
    may still conduct interviews in the workspace; None otherwise."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    calendar = (
        InterviewerCalendar.objects.select_related("workspace", "interviewer")
        .filter(pk=pk, feed_nonce=nonce)
        .exclude(feed_nonce="")
        .first()
    )
    if calendar is None or not calendar.interviewer.is_active:
        return None
    membership = Membership.objects.filter(
        user=calendar.interviewer, workspace=calendar.workspace
    ).first()
    if membership is None or not membership.can(Cap.CONDUCT):
        return None
    return calendar


def refused(calendar: InterviewerCalendar) -> str:
    """Why this feed may not answer although its address is current, or "": a workspace that
    requires single sign-on serves only addresses made after it began to, like API tokens."""
    if not made_before_requirement(calendar.workspace, calendar.feed_made_at):
        return ""
    return (
        f"{calendar.workspace.name} requires single sign-on, and this calendar address was "
        "made before it did: sign in with your company account and reset the address on your "
        "availability page."
    )


def feed_events(
    calendar: InterviewerCalendar, *, now: dt.datetime | None = None
) -> list[tuple[Appointment, bool]]:
    """The interviewer's interviews in the workspace from 30 days ago on, each with whether
    it was cancelled (a calendar that had it removes it)."""
    now = now or timezone.now()
    appointments = (
        Appointment.objects.filter(
            workspace=calendar.workspace,
            interviewer=calendar.interviewer,
            status__in=[*HELD, *DROPPED],
            starts_at__gte=now - PAST,
        )
        .select_related("workspace", "program", "entry__deal")
        .order_by("starts_at", "pk")
    )
    return [(a, a.status in DROPPED) for a in appointments]
