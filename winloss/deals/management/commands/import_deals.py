import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.deals.imports import FORMATS, ImportFailed
from winloss.deals.imports.enrich import import_file
from winloss.deals.imports.mappings import save_mapping, saved_columns
from winloss.deals.imports.rejects import ENCODING, write_rejected
from winloss.deals.imports.values import DATE_ORDERS
from winloss.deals.models import Outcome

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import a CRM export of deals (Salesforce, HubSpot, any CSV, TSV or XLSX), or an "
        "accounts, sales-team or product file: winloss import-deals FILE --workspace SLUG. "
        "Nothing is saved when a row has an error, unless --valid-only."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The CSV, TSV or .xlsx file")
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="auto")
        parser.add_argument("--mapping", default="", help="A saved column mapping, by name")
        parser.add_argument(
            "--save-mapping", default="", help="Save the mapping used under this name"
        )
        parser.add_argument(
            "--date-order",
            choices=DATE_ORDERS,
            help="How to read dates such as 03/04/2025: dmy (day first) or mdy (month first)",
        )
        parser.add_argument(
            "--stage",
            action="append",
            default=[],
            metavar="STAGE=OUTCOME",
            help=f"Read a CRM stage as an outcome ({', '.join(Outcome.values)}); repeatable",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; save nothing")
        parser.add_argument(
            "--valid-only", action="store_true", help="Import the valid rows, report the others"
        )
        parser.add_argument(
            "--rejects",
            metavar="FILE",
            default="",
            help="Write the rejected rows (their values, row number and reasons) to this CSV",
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        try:
            columns = (
                saved_columns(workspace=workspace, name=options["mapping"])
                if options["mapping"]
                else None
            )
            result = import_file(
                workspace=workspace,
                source=options["file"],
                actor="command line",
                file_name=Path(options["file"]).name,
                file_format=options["file_format"],
                mapping=columns,
                stage_outcomes=_stages(options["stage"]),
                date_order=options["date_order"],
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
            )
            if options["save_mapping"] and result.mapping and result.what == "deals":
                save_mapping(
                    workspace=workspace,
                    user=None,
                    name=options["save_mapping"],
                    columns=result.mapping.columns,
                )
        except ImportFailed as error:
            if options["json"]:
                self.stdout.write(json.dumps({"error": str(error)}))
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self._describe(result)
        if options["rejects"]:
            self._write_rejects(result, Path(options["rejects"]), quiet=options["json"])
        if result.stopped:
            # Also for a dry run: the file as it is would not import.
            raise CommandError(result.summary())

    def _describe(self, result) -> None:
        write = self.stdout.write
        if result.mapping:
            write("Mapping used:")
            for line in result.mapping.describe():
                write(f"  {line}")
        write(result.summary())
        for warning in result.warnings:
            write(f"Note: {warning}")
        if result.errors:
            shown = result.errors[:SHOWN_ERRORS]
            more = (
                f" (the first {len(shown)} of {result.error_count:,})"
                if result.error_count > len(shown)
                else ""
            )
            write(f"Errors{more}:")
            for error in shown:
                value = f" [{error.value}]" if error.value else ""
                write(f"  {error}{value}")

    def _write_rejects(self, result, path: Path, *, quiet: bool) -> None:
        # Written even when nothing was rejected, so a file left from an earlier run cannot
        # pass for this one's.
        try:
            with path.open("w", encoding=ENCODING, newline="") as out:
                kept = write_rejected(result, out)
        except OSError as error:
            raise CommandError(
                f"Cannot write the rejected rows to {path}: {error.strerror}."
            ) from None
        note = f"Wrote {kept:,} rejected rows to {path}"
        if result.rejected > kept:
            note += f" (the first {kept:,} of {result.rejected:,})"
        # With --json, stdout holds only the JSON object.
        (self.stderr if quiet else self.stdout).write(note + ".")


def _stages(pairs: list[str]) -> dict[str, str]:
    stages = {}
    for pair in pairs:
        stage, sep, outcome = pair.rpartition("=")
        if not sep or not stage.strip():
            raise CommandError(f"--stage takes STAGE=OUTCOME, e.g. 'Signed=won'; got {pair!r}.")
        stages[stage.strip()] = outcome.strip()
    return stages
