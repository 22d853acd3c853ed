from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from winloss.outreach.reminders import send_due_reminders


class Command(BaseCommand):
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _help()  # made with the command, so it says the schedule configured now

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminders queued.")


def _help() -> str:
    days = settings.OUTREACH_REMINDER_DAYS
    when = (
        f"{', '.join(str(d) for d in days)} days after the invitation"
        if days
        else "none: OUTREACH_REMINDER_DAYS is empty"
    )
    return (
        f"Remind invited respondents who have not answered ({when}; set by "
        "OUTREACH_REMINDER_DAYS). The workers run it hourly (the outreach.reminders schedule); "
        "safe to run as often as you like: no reminder goes twice."
    )
