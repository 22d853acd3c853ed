from django.core.management.base import BaseCommand

from winloss.digests.services import send_digests, send_summary_notices


class Command(BaseCommand):
    help = (
        "Send this week's digest to each member who follows something and has not had it, "
        "and tell account teams their deal's interview summary is ready. Safe to run often."
    )

    def handle(self, *args, **options) -> None:
        told = send_summary_notices()
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent; {told} account team(s) told of a summary.")
