from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from winloss.lib.errors import errors_as_command_error
from winloss.programs.queries import program_named
from winloss.reports import services
from winloss.reports.models import Format, ReportVersion
from winloss.reports.queries import published_file


class Command(BaseCommand):
    help = (
        "Write the program's report (SOP step 10) as a file: winloss report PROGRAM "
        "--workspace SLUG --format pdf|pptx|docx|xlsx --out FILE [--draft | --number N]. "
        "PROGRAM is the name or id. Without --draft, the latest published version (or version "
        "N), byte for byte."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("program")
        parser.add_argument("--workspace", required=True)
        parser.add_argument("--format", required=True, choices=Format.values)
        parser.add_argument("--out", required=True, help="The file to write")
        parser.add_argument(
            "--draft", action="store_true", help="The current draft instead of a published one"
        )
        parser.add_argument("--number", type=int, help="A published version by its number")

    # Start fast: the system checks import every view and its libraries (seconds); `winloss
    # check` runs them on demand.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        program = program_named(options["workspace"], options["program"])
        fmt = options["format"]
        if options["draft"]:
            # Only a draft is built here: a published file is read back, with no analysis.
            from winloss.reports.content import build
            from winloss.reports.queries import draft_of

            with errors_as_command_error():
                data = services.render_file(fmt, build(draft_of(program)), program)
            what = "draft"
        else:
            versions = ReportVersion.objects.filter(report__program=program)
            if options["number"]:
                versions = versions.filter(number=options["number"])
            version = versions.order_by("-number").first()
            if version is None:
                raise CommandError(
                    f"{program.name} has no published report"
                    f"{' version ' + str(options['number']) if options['number'] else ''}; "
                    "publish it, or pass --draft for the current draft."
                )
            with errors_as_command_error():
                data = published_file(version, fmt).read()
            what = f"version {version.number}"
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror or error}.") from None
        self.stdout.write(
            f"Wrote {out} ({fmt.upper()}, {what} of {program.name}, {len(data):,} bytes)."
        )
