from django.core.management.base import BaseCommand

from winloss.jobs.services import fail_stale_jobs


class Command(BaseCommand):
    help = (
        "Mark failed the jobs whose worker stopped without finishing (no heartbeat for "
        "JOB_STALE_MINUTES), so their pages offer a retry. The workers run it every few minutes "
        "(the jobs.stale schedule)."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        failed = fail_stale_jobs()
        self.stdout.write(f"{failed} stopped job{'s' if failed != 1 else ''} marked failed.")
