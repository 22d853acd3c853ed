"""Work that runs on a schedule (reminders, the purge …), registered by the stage it belongs to.

A stage registers its periodic work from its ``AppConfig.ready()`` (its ``schedules.py``),
naming the same service its command calls; the workers run it (``jobs.scheduler``), each due
run once however many workers there are. ``SCHEDULE`` changes a schedule's timing or turns it
off, for an installation that keeps running the commands from cron instead.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _said(result: Any) -> str:
    return "" if result is None else str(result)


@dataclass(frozen=True)
class Schedule:
    name: str  # "<stage>.<work>", the key in SCHEDULE and the admin's list
    label: str  # what an admin reads: "Respondent reminders"
    run: Callable[[], Any]
    every: dt.timedelta | None = None
    at: dt.time | None = None  # daily, in TIME_ZONE
    says: Callable[[Any], str] = _said  # the run's result as the admin's one line

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        """When the work is next due, for a run at ``moment``. An interval counts from the
        run, so work missed while no worker ran is done once, not once per interval missed."""
        if self.every is not None:
            return moment + self.every
        assert self.at is not None  # register() takes one or the other
        zone = ZoneInfo(settings.TIME_ZONE)
        day = moment.astimezone(zone).date()
        due = dt.datetime.combine(day, self.at, tzinfo=zone)
        if due <= moment:
            due = dt.datetime.combine(day + dt.timedelta(days=1), self.at, tzinfo=zone)
        return due

    def first_run(self, now: dt.datetime) -> dt.datetime:
        """Interval work is due as soon as a worker finds it; daily work at its next time."""
        return now if self.every is not None else self.next_after(now)

    @property
    def when(self) -> str:
        if self.at is not None:
            return f"daily at {self.at:%H:%M} ({settings.TIME_ZONE})"
        assert self.every is not None
        minutes = int(self.every.total_seconds()) // 60
        if minutes % 60 == 0:
            hours = minutes // 60
            return "every hour" if hours == 1 else f"every {hours} hours"
        return "every minute" if minutes == 1 else f"every {minutes} minutes"


_SCHEDULES: dict[str, Schedule] = {}


def register(
    name: str,
    *,
    label: str,
    run: Callable[[], Any],
    every: dt.timedelta | None = None,
    at: dt.time | None = None,
    says: Callable[[Any], str] = _said,
) -> Schedule:
    """Run ``run()`` every ``every``, or daily ``at`` a time in ``TIME_ZONE``."""
    if (every is None) == (at is None):
        raise ImproperlyConfigured(f"Schedule {name}: give every= or at=, not both or neither.")
    schedule = Schedule(name=name, label=label, run=run, every=every, at=at, says=says)
    if _SCHEDULES.get(name, schedule) != schedule:
        raise ImproperlyConfigured(f"Two schedules are named {name}.")
    _SCHEDULES[name] = schedule
    return schedule


def names() -> list[str]:
    """Every schedule's name, whatever ``SCHEDULE`` says of it."""
    return sorted(_SCHEDULES)


def all_off_but(*kept: str) -> dict[str, None]:
    """A ``SCHEDULE`` that turns off every schedule but ``kept``: what a test sets to know
    what a tick queues, without listing (and missing) the schedules other stages add."""
    return {name: None for name in names() if name not in kept}


def registered() -> list[Schedule]:
    """Every schedule with the timing ``SCHEDULE`` gives it; those it turns off left out."""
    found = []
    for schedule in sorted(_SCHEDULES.values(), key=lambda s: s.name):
        if schedule.name not in settings.SCHEDULE:
            found.append(schedule)
            continue
        timing = settings.SCHEDULE[schedule.name]
        if isinstance(timing, dt.timedelta):
            found.append(replace(schedule, every=timing, at=None))
        elif isinstance(timing, dt.time):
            found.append(replace(schedule, every=None, at=timing))
    return found


def named(name: str) -> Schedule | None:
    """The schedule called ``name`` as configured now; None if unknown or turned off."""
    return next((s for s in registered() if s.name == name), None)


def label_of(name: str) -> str:
    """What an admin reads for the schedule, turned off or not."""
    schedule = _SCHEDULES.get(name)
    return schedule.label if schedule is not None else name


def check_settings() -> None:
    """A name in ``SCHEDULE`` that no stage registered is a typo: say so before running."""
    unknown = sorted(set(settings.SCHEDULE) - set(_SCHEDULES))
    if unknown:
        raise ImproperlyConfigured(
            f"SCHEDULE names {', '.join(unknown)}, which is no schedule. The schedules are: "
            f"{', '.join(sorted(_SCHEDULES))}."
        )
