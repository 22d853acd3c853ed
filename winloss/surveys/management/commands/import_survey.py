from typing import Any

from django.core.management.base import CommandError

from winloss.accounts.models import Workspace
from winloss.coding.management.past_interviews import ImportPastInterviews
from winloss.deals.imports.errors import ImportFailed
from winloss.surveys.imports.run import FORMATS, import_survey


class Command(ImportPastInterviews):
    help = (
        "Import past buyer survey answers (a Qualtrics or SurveyMonkey CSV export as it comes, "
        "or a CSV with deal_id, respondent_email, main_reason, importance_<theme>, "
        "performance_<theme>, reconsider and comment) into a program: winloss import-survey "
        "FILE --workspace SLUG --program NAME. Nothing is saved when a row has an error."
    )
    file_help = "The CSV or .xlsx export"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=FORMATS,
            default="auto",
            help="The survey tool that wrote the file (auto: tell by its header rows)",
        )

    def more_arguments(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"file_format": options["file_format"]}

    def run(self, *, workspace: Workspace, as_json: bool, **import_args: Any) -> Any:
        try:
            return import_survey(workspace=workspace, **import_args)
        except ImportFailed as error:
            raise self.refused(error, as_json=as_json) from None

    def finish(self, result: Any, *, as_json: bool) -> None:
        if not as_json:
            for warning in result.warnings:
                self.stdout.write(f"Note: {warning}")
            if result.ignored_columns:
                self.stdout.write("Columns not read: " + "; ".join(result.ignored_columns))
            self.say_row_errors(result)
        if result.stopped:
            raise CommandError(result.summary())
