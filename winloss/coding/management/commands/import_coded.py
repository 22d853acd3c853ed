import json
from typing import Any

from django.core.management.base import CommandError

from winloss.accounts.models import Workspace
from winloss.coding.history_import import import_coded_history
from winloss.deals.imports import ImportFailed

from ..past_interviews import ImportPastInterviews

SHOWN_ERRORS = 50


class Command(ImportPastInterviews):
    help = (
        "Import past coded interviews (CSV or XLSX, one row an excerpt) into a program: "
        "winloss import-coded FILE --workspace SLUG --program NAME. Nothing is saved when a row "
        "has an error."
    )
    file_help = "The CSV or .xlsx file"

    def run(self, *, workspace: Workspace, as_json: bool, **import_args: Any) -> Any:
        try:
            return import_coded_history(workspace=workspace, **import_args)
        except ImportFailed as error:
            if as_json:
                self.stdout.write(json.dumps({"error": str(error)}))
            raise CommandError(str(error)) from None

    def finish(self, result: Any, *, as_json: bool) -> None:
        if not as_json:
            for row_error in result.errors[:SHOWN_ERRORS]:
                value = f" [{row_error.value}]" if row_error.value else ""
                self.stdout.write(f"  {row_error}{value}")
            if len(result.errors) > SHOWN_ERRORS:
                self.stdout.write(f"  … and {len(result.errors) - SHOWN_ERRORS} more errors")
        if result.stopped:
            raise CommandError(result.summary())
