"""What ``winloss import-coded`` and ``winloss import-qdpx`` share: the same arguments, the
same engine underneath (``imported_interviews``), the same all-or-nothing answer."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.accounts.models import Workspace

SHOWN_ERRORS = 50


class ImportPastInterviews(BaseCommand):
    """A command that reads one file of past coded interviews into a program."""

    file_help = "The file"
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=self.file_help)
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument(
            "--program", required=True, help="The program's name; made when there is none"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count; save nothing")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        result = self.run(
            workspace=workspace_named(options["workspace"]),
            source=options["file"],
            program_name=options["program"],
            file_name=Path(options["file"]).name,
            actor="command line",
            dry_run=options["dry_run"],
            as_json=options["json"],
            **self.more_arguments(options),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(result.summary())
        self.finish(result, as_json=options["json"])

    def more_arguments(self, options: dict[str, Any]) -> dict[str, Any]:
        """What a command's own arguments add to ``run``'s."""
        return {}

    def run(self, *, workspace: Workspace, as_json: bool, **import_args: Any) -> Any:
        """Import the file; a refusal becomes the command's error (printed as JSON too)."""
        raise NotImplementedError

    def finish(self, result: Any, *, as_json: bool) -> None:
        """Anything to say after the summary."""

    def refused(self, error: Exception, *, as_json: bool) -> CommandError:
        """A file refused as a whole: its one-line error, printed as JSON too."""
        if as_json:
            self.stdout.write(json.dumps({"error": str(error)}))
        return CommandError(str(error))

    def say_row_errors(self, result: Any) -> None:
        """The rows that stopped the import (the first ``SHOWN_ERRORS``), then stop."""
        for row_error in result.errors[:SHOWN_ERRORS]:
            value = f" [{row_error.value}]" if row_error.value else ""
            self.stdout.write(f"  {row_error}{value}")
        if len(result.errors) > SHOWN_ERRORS:
            self.stdout.write(f"  … and {len(result.errors) - SHOWN_ERRORS} more errors")
