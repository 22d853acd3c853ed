import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from winloss.crm.cli import connection_named


class Command(BaseCommand):
    help = (
        "Sync the workspace's CRM (Salesforce or HubSpot) once: the opportunities or deals, "
        "accounts, contacts, contact roles and competitors changed since the last sync. "
        "Nothing is saved when a record has an error."
    )
    # Start fast: the CRM client libraries load only when the sync reads the CRM.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, check and count; save nothing"
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Read what changed after this date (2025-03-31) or time (2025-03-31T08:00Z) "
            "instead of after the last sync",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        from winloss.crm.models import SyncStatus
        from winloss.crm.sync import SyncFailed, describe_error, summary, sync_connection

        _, connection = connection_named(options["workspace"])
        try:
            run = sync_connection(
                connection=connection,
                trigger="command line",
                dry_run=options["dry_run"],
                since=_since(options["since"]) if options["since"] else None,
            )
        except SyncFailed as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({
                "status": run.status, "dry_run": run.dry_run, "counts": run.counts,
                "errors": run.errors, "notes": run.notes, "error": run.error,
                "retries": run.retries,
                "cursor": run.cursor.isoformat() if run.cursor else None,
            }))  # fmt: skip
        else:
            self.stdout.write(summary(run))
            for problem in run.errors[:50]:
                self.stdout.write(f"  {describe_error(problem)}")
            for note in run.notes:
                self.stdout.write(f"Note: {note}")
        if run.status != SyncStatus.SUCCEEDED:
            raise CommandError(summary(run) if options["json"] else "The sync did not complete.")


def _since(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(
            f"--since takes a date such as 2025-03-31 or 2025-03-31T08:00Z; got {text!r}.",
            returncode=2,
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
