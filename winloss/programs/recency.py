"""Recent closed deals only (SOP step 2): the window or the sample reaching deals that closed
long ago is said plainly on the scope, the sample and program health."""

import datetime as dt

from django.utils import timezone
from django.utils.dateformat import format as date_format

from .models import ACTIVE_STATUSES, Program, SampleEntry

WHY = "the SOP asks for recent closed deals, and buyers soon forget what decided one"


MAX_DAYS = 36500  # a century: far beyond any use, and well short of a date overflow


def cutoff(program: Program, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(
        days=min(program.recency_days or 0, MAX_DAYS)
    )


def window_warning(program: Program, today: dt.date | None = None) -> str:
    """A sentence when the scope's window starts before the recent past, else ""."""
    start = program.window_start
    if start is None or start >= cutoff(program, today):
        return ""
    days = ((today or timezone.localdate()) - start).days
    whole = program.window_end is not None and program.window_end < cutoff(program, today)
    return (
        f"The time window {'lies wholly' if whole else 'reaches'} before the last "
        f"{program.recency_days} days: it starts on {date_format(start, 'j M Y')}, {days} days "
        f"ago. Interview deals closed recently: {WHY}."
    )


def sample_warning(program: Program, today: dt.date | None = None) -> str:
    """A sentence when deals in the current sample closed long ago, else ""."""
    old = SampleEntry.objects.current(program).filter(
        status__in=ACTIVE_STATUSES, deal__close_date__lt=cutoff(program, today)
    )
    count = old.count()
    if not count:
        return ""
    noun = "deal" if count == 1 else "deals"
    return (
        f"{count} {noun} in the sample closed more than {program.recency_days} days ago; "
        f"approach the most recent first: {WHY}."
    )
