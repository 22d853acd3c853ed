"""Writes for an interviewer's calendars: their private feed's address, and the free/busy
address whose busy times keep slots from being offered (``slots.py``).

A calendar file is fetched and read before anything is written, outside the transaction (a
slow server holds no lock); then the address and its busy times are saved together, or not
at all. The address itself is a secret (whoever has it reads the calendar): it is never
logged, only its host.
"""

import datetime as dt
import logging
import secrets
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from winloss.accounts.middleware import zone_name_for
from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.lib import remote
from winloss.lib.errors import DomainError

from .busy import busy_spans
from .models import BusyTime, InterviewerCalendar
from .slots import HORIZON

logger = logging.getLogger(__name__)


def calendar_of(workspace: Workspace, interviewer: User) -> InterviewerCalendar | None:
    return InterviewerCalendar.objects.filter(workspace=workspace, interviewer=interviewer).first()


def _own(workspace: Workspace, interviewer: User) -> InterviewerCalendar:
    calendar, _ = InterviewerCalendar.objects.select_for_update().get_or_create(
        workspace=workspace, interviewer=interviewer
    )
    return calendar


@transaction.atomic
def reset_feed(*, workspace: Workspace, interviewer: User, user: User) -> InterviewerCalendar:
    """A new secret address for the interviewer's feed; the previous one stops working."""
    calendar = _own(workspace, interviewer)
    renewed = bool(calendar.feed_nonce)
    calendar.feed_nonce = secrets.token_urlsafe(24)
    calendar.feed_made_at = timezone.now()
    calendar.save(update_fields=["feed_nonce", "feed_made_at"])
    log_action(calendar, "calendar_feed.reset" if renewed else "calendar_feed.created", user=user)
    return calendar


def _address(url: str) -> str:
    url = url.strip()
    # Apple and Outlook offer the same address as webcal://, which is https underneath.
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    if not url:
        raise DomainError("Paste the calendar's address.")
    return url


def _read(url: str, *, workspace: Workspace, interviewer: User) -> list[tuple[dt.datetime, ...]]:
    """The busy times, from now to the end of the weeks slots are offered in."""
    data = remote.fetch(url, max_bytes=settings.CALENDAR_FETCH_MAX_BYTES)
    now = timezone.now()
    zone = ZoneInfo(zone_name_for(interviewer, workspace.slug))
    return list(busy_spans(data, zone=zone, start=now, end=now + HORIZON + dt.timedelta(days=1)))


def _replace(calendar: InterviewerCalendar, spans: list[tuple[dt.datetime, ...]]) -> None:
    calendar.busy_times.all().delete()
    BusyTime.objects.bulk_create(
        BusyTime(calendar=calendar, starts_at=s, ends_at=e) for s, e in spans
    )


def save_busy_calendar(*, workspace: Workspace, interviewer: User, url: str, user: User) -> int:
    """Read the calendar at ``url`` and, if it can be read, keep its address and busy times
    (replacing any earlier address's). How many busy times it has in the coming weeks."""
    url = _address(url)
    spans = _read(url, workspace=workspace, interviewer=interviewer)
    with transaction.atomic():
        calendar = _own(workspace, interviewer)
        calendar.busy_url = url
        calendar.busy_checked_at = timezone.now()
        calendar.busy_error = ""
        calendar.save(update_fields=["busy_url", "busy_checked_at", "busy_error"])
        _replace(calendar, spans)
        log_action(
            calendar,
            "busy_calendar.saved",
            user=user,
            data={"host": urlsplit(url).hostname or "", "busy": len(spans)},
        )
    return len(spans)


@transaction.atomic
def remove_busy_calendar(*, workspace: Workspace, interviewer: User, user: User) -> bool:
    """Forget the free/busy address and its busy times; False when none was saved."""
    calendar = calendar_of(workspace, interviewer)
    if calendar is None or not calendar.busy_url:
        return False
    calendar.busy_url, calendar.busy_checked_at, calendar.busy_error = "", None, ""
    calendar.save(update_fields=["busy_url", "busy_checked_at", "busy_error"])
    calendar.busy_times.all().delete()
    log_action(calendar, "busy_calendar.removed", user=user)
    return True


def refresh_busy_calendar(calendar_id: int, *, user: User | None = None) -> int:
    """Read the saved address again and replace the busy times. When it cannot be read, the
    busy times read last are kept and the error is recorded for the page (and raised)."""
    calendar = InterviewerCalendar.objects.select_related("workspace", "interviewer").get(
        pk=calendar_id
    )
    url = calendar.busy_url
    if not url:
        raise DomainError("No free/busy address is saved.")
    try:
        spans = _read(url, workspace=calendar.workspace, interviewer=calendar.interviewer)
    except DomainError as error:
        logger.warning("Free/busy calendar %s could not be read: %s", calendar_id, error)
        InterviewerCalendar.objects.filter(pk=calendar_id, busy_url=url).update(
            busy_checked_at=timezone.now(), busy_error=str(error)
        )
        raise
    with transaction.atomic():
        calendar = InterviewerCalendar.objects.select_for_update().get(pk=calendar_id)
        if calendar.busy_url != url:  # removed or replaced while the file was read
            return 0
        calendar.busy_checked_at, calendar.busy_error = timezone.now(), ""
        calendar.save(update_fields=["busy_checked_at", "busy_error"])
        _replace(calendar, spans)
        if user is not None:  # the scheduled reads are not history: every half hour
            log_action(calendar, "busy_calendar.refreshed", user=user, data={"busy": len(spans)})
    return len(spans)


def refresh_busy_calendars() -> tuple[int, int]:
    """Every saved free/busy address read again (the ``outreach.busy_calendars`` schedule):
    how many were read, and how many could not be."""
    read = failed = 0
    for calendar_id in InterviewerCalendar.objects.exclude(busy_url="").values_list(
        "pk", flat=True
    ):
        try:
            refresh_busy_calendar(calendar_id)
            read += 1
        except DomainError:
            failed += 1
    return read, failed
