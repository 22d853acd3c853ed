from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from winloss.jobs.services import fail_stale_jobs


class Command(DatabaseWorker):
    help = (
        "Run background work (email, reminders, imports, suggestions, report rendering) from the "
        "database queue. Start as many as you like, on any machine sharing the database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # A worker starting after a crash: the jobs the dead one left "Running" are failed,
        # so their pages offer a retry.
        fail_stale_jobs()
        super().handle(*args, **options)
