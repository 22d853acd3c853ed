from django.core.management.base import BaseCommand

from winloss.outreach.services import REMINDER_AFTER, send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind invited respondents who have not answered "
        f"({', '.join(f'{d.days} days' for d in REMINDER_AFTER)} after the invitation). "
        "Safe to run as often as you like, e.g. hourly from cron: no reminder goes twice."
    )

    def handle(self, *args, **options) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminders queued.")
