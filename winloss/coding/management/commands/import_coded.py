import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.coding.history_import import import_coded_history
from winloss.deals.imports import ImportFailed

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import past coded interviews (CSV or XLSX, one row an excerpt) into a program: "
        "winloss import-coded FILE --workspace SLUG --program NAME. Nothing is saved when a row "
        "has an error."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The CSV or .xlsx file")
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument(
            "--program", required=True, help="The program's name; made when there is none"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; save nothing")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        try:
            result = import_coded_history(
                workspace=workspace,
                source=options["file"],
                program_name=options["program"],
                file_name=Path(options["file"]).name,
                actor="command line",
                dry_run=options["dry_run"],
            )
        except ImportFailed as error:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(error)}))
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.summary())
            for row_error in result.errors[:SHOWN_ERRORS]:
                value = f" [{row_error.value}]" if row_error.value else ""
                self.stdout.write(f"  {row_error}{value}")
            if len(result.errors) > SHOWN_ERRORS:
                self.stdout.write(f"  … and {len(result.errors) - SHOWN_ERRORS} more errors")
        if result.stopped:
            raise CommandError(result.summary())
