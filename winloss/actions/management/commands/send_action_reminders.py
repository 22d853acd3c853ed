from django.core.management.base import BaseCommand

from winloss.actions.services import send_reminders


class Command(BaseCommand):
    help = (
        "Email the owner of each overdue action and each due relationship follow-up, once. "
        "The workers run it daily (the actions.reminders schedule); safe to run as often as "
        "you like."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{send_reminders()} reminders sent.")
