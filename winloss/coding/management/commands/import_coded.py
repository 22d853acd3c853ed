from typing import Any

from django.core.management import CommandError

from winloss.accounts.models import Workspace
from winloss.coding.history_import import import_coded_history
from winloss.deals.imports import ImportFailed

from ..past_interviews import ImportPastInterviews


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
            raise self.refused(error, as_json=as_json) from None

    def finish(self, result: Any, *, as_json: bool) -> None:
        if not as_json:
            self.say_row_errors(result)
        if result.stopped:
            raise CommandError(result.summary())
