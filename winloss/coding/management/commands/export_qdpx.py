from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from winloss.coding.qdpx.writing import export_project
from winloss.lib.errors import errors_as_command_error
from winloss.programs.queries import program_named


class Command(BaseCommand):
    help = (
        "Write a program's validated interviews and coded excerpts as a REFI-QDA project "
        "(.qdpx) for QualCoder and other QDA tools: winloss export-qdpx PROGRAM --workspace "
        "SLUG --out FILE. PROGRAM is the name or id."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("program", help="The program's name or id")
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument("--out", required=True, help="The .qdpx file to write")

    def handle(self, *args, **options) -> None:
        program = program_named(options["workspace"], options["program"])
        with errors_as_command_error():
            data = export_project(program)
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}.") from None
        self.stdout.write(f"Wrote {out} (REFI-QDA project of {program.name}, {len(data):,} bytes).")
