import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from winloss.jobs.scheduler import ScheduleThread, tick_quietly
from winloss.jobs.schedules import check_settings
from winloss.jobs.services import fail_stale_jobs


class Command(DatabaseWorker):
    help = (
        "Run background work (email, reminders, imports, suggestions, report rendering) from the "
        "database queue, and the scheduled work (reminders, the retention purge …) when it is "
        "due, each run once however many workers there are. Start as many as you like, on any "
        "machine sharing the database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Do not queue scheduled work from this worker (other workers still do); it "
            "still runs whatever is queued.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            check_settings()
        # A worker starting after a crash: the jobs the dead one left "Running" are failed,
        # so their pages offer a retry.
        fail_stale_jobs()
        ticking = None
        if options["schedule"]:
            if options["batch"]:
                tick_quietly()  # queue what is due now; the batch below runs it
            elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                # (With --reload, only the child process that runs the work ticks.)
                ticking = ScheduleThread(settings.SCHEDULE_TICK_SECONDS)
                ticking.start()
        try:
            super().handle(*args, **options)
        finally:
            if ticking is not None:
                ticking.stop()
