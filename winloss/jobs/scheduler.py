"""Queueing due scheduled work from the workers, each due run exactly once.

Every ``winloss worker`` ticks every ``SCHEDULE_TICK_SECONDS``: it finds the schedules whose
``next_run`` has come and claims each with one conditional UPDATE (``SET next_run = <the next
time> WHERE name = … AND next_run <= now``). Whichever worker's UPDATE changes the row queues
the run, in the same transaction; the others' match nothing. On PostgreSQL the second UPDATE
waits for the first's row lock and then finds the row no longer due; on SQLite writers take
turns. The database queue is a table too, so the claim and the queued task commit together or
not at all: a worker dying between them loses neither.
"""

import datetime as dt
import logging
import os
import socket
import threading

from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone

from .models import JobStatus, ScheduledRun
from .schedules import Schedule, registered
from .tasks import run_scheduled

logger = logging.getLogger(__name__)

WORKER = f"{socket.gethostname()}:{os.getpid()}"[:100]


def tick(*, now: dt.datetime | None = None) -> list[str]:
    """Queue one run of every schedule that is due; the names this call queued."""
    now = now or timezone.now()
    schedules = {schedule.name: schedule for schedule in registered()}
    _add_new(schedules, now)
    due = ScheduledRun.objects.filter(name__in=schedules, next_run__lte=now).values_list(
        "name", flat=True
    )
    return [name for name in list(due) if claim(schedules[name], now=now)]


def _add_new(schedules: dict[str, Schedule], now: dt.datetime) -> None:
    known = set(ScheduledRun.objects.filter(name__in=schedules).values_list("name", flat=True))
    new = [
        ScheduledRun(name=name, next_run=schedule.first_run(now))
        for name, schedule in schedules.items()
        if name not in known
    ]
    # Another worker may add the same rows at the same moment: theirs or ours, one stays.
    ScheduledRun.objects.bulk_create(new, ignore_conflicts=True)


def claim(schedule: Schedule, *, now: dt.datetime) -> bool:
    """Move the due ``schedule`` to its next run and queue this one, unless another worker
    did first; whether this call queued it."""
    with transaction.atomic():
        claimed = ScheduledRun.objects.filter(name=schedule.name, next_run__lte=now).update(
            next_run=schedule.next_after(now),
            status=JobStatus.QUEUED,
            last_queued=now,
            worker=WORKER,
        )
        if claimed:
            run_scheduled.enqueue(schedule.name)
    return bool(claimed)


def tick_quietly() -> list[str]:
    """``tick()`` for a worker: a database that is busy or away is tried at the next tick,
    never the end of the worker."""
    try:
        return tick()
    except DatabaseError:
        logger.warning("Scheduled work: the database did not answer; trying at the next tick")
        return []
    finally:
        close_old_connections()


class ScheduleThread(threading.Thread):
    """Ticks beside the worker's loop, from its own thread and database connection.

    django-tasks-db's loop has no hook between polls, and a long job there would hold the
    tick back; a thread is never held. It only claims and queues (two small writes); the work
    itself runs from the queue like any task, so a worker that is stopped finishes it first.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(name="winloss-schedule", daemon=True)
        self.seconds = seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                queued = tick_quietly()
                if queued:
                    logger.info("Scheduled work queued: %s", ", ".join(queued))
                self.stopping.wait(self.seconds)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join()
