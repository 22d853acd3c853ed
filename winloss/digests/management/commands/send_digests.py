from django.core.management.base import BaseCommand

from winloss.digests.services import send_digests, send_summary_notices


class Command(BaseCommand):
    help = (
        "Send this week's digest to each member who follows something and has not had it, "
        "and tell account teams their deal's interview summary is ready. The workers run it "
        "(the digests.weekly and digests.summaries schedules); safe to run as often as you like."
    )
    # Start fast: the system checks load every view; `winloss check` runs them on demand.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        told = send_summary_notices()
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent; {told} account team(s) told of a summary.")
