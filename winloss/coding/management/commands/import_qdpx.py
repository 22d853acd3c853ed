import json
from pathlib import Path

from django.core.management.base import BaseCommand

from winloss.accounts.cli import workspace_named
from winloss.coding.qdpx.reading import ProjectImportFailed, import_project
from winloss.lib.errors import errors_as_command_error


class Command(BaseCommand):
    help = (
        "Import a REFI-QDA project (.qdpx) as coded interviews of a program: winloss "
        "import-qdpx FILE --workspace SLUG --program NAME. Codes are matched to the codebook; "
        "nothing is saved when anything in the file cannot be imported."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The .qdpx file")
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument(
            "--program", required=True, help="The program's name; made when there is none"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; save nothing")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        with errors_as_command_error():
            try:
                result = import_project(
                    workspace=workspace,
                    source=options["file"],
                    program_name=options["program"],
                    file_name=Path(options["file"]).name,
                    actor="command line",
                    dry_run=options["dry_run"],
                )
            except ProjectImportFailed as error:
                if options["json"]:
                    out = {"error": str(error), "problems": error.problems}
                    self.stdout.write(json.dumps(out, ensure_ascii=False))
                raise
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.summary())
