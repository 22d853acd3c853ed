"""Interviewers' availability windows, which the respondent's page offers slots in."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action

from .models import Availability
from .services import OutreachError


@transaction.atomic
def add_availability(
    *, workspace: Workspace, interviewer: User, starts_at: dt.datetime, ends_at: dt.datetime
) -> Availability:
    if ends_at <= starts_at:
        raise OutreachError("The window must end after it starts.")
    if ends_at - starts_at > dt.timedelta(hours=12):
        raise OutreachError("Give windows of at most 12 hours, one per day.")
    window = Availability.objects.create(
        workspace=workspace, interviewer=interviewer, starts_at=starts_at, ends_at=ends_at
    )
    log_action(window, "availability.added", user=interviewer, data={"window": _span(window)})
    return window


@transaction.atomic
def remove_availability(*, workspace: Workspace, interviewer: User, window: int) -> bool:
    """Take one of the interviewer's own windows away; interviews already booked in it stay.
    False when there is no such window of theirs (removed already, or someone else's)."""
    found = Availability.objects.filter(
        pk=window, workspace=workspace, interviewer=interviewer
    ).first()
    if found is None:
        return False
    log_action(found, "availability.removed", user=interviewer, data={"window": _span(found)})
    found.delete()
    return True


def _span(window: Availability) -> str:
    """The window as its interviewer entered it: in the time zone the page was shown in."""
    starts, ends = timezone.localtime(window.starts_at), timezone.localtime(window.ends_at)
    return f"{starts:%a %-d %b %Y %H:%M}–{ends:%H:%M} ({starts:%Z})"
