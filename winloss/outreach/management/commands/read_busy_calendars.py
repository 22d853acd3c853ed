from typing import Any

from django.core.management.base import BaseCommand

from winloss.outreach.calendars import refresh_busy_calendars


class Command(BaseCommand):
    help = (
        "Read every interviewer's saved free/busy calendar again, so the slots offered to "
        "respondents skip their busy times. The workers run it every 30 minutes (the "
        "outreach.busy_calendars schedule); one that cannot be read keeps its earlier busy "
        "times and shows the error on its interviewer's availability page."
    )
    # Start fast, like the other scheduled commands: `winloss check` runs the checks.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        read, failed = refresh_busy_calendars()
        self.stdout.write(f"{read} calendars read, {failed} could not be read.")
