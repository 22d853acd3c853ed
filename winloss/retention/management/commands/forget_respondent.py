from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.lib.errors import errors_as_command_error
from winloss.programs.models import SampleEntry
from winloss.retention.forget import (
    Reach,
    done_sentence,
    forget_respondent,
    reach_of,
    reach_of_response,
)
from winloss.surveys.models import SurveyResponse


class Command(BaseCommand):
    help = (
        "A respondent's request to delete their data: empty the notes, transcripts and "
        "excerpts' words of every interview with the respondent of a sampled deal, what was "
        "said or sent while arranging them, and their contact details. Counts are kept."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument(
            "entry", type=int, nargs="?", help="The sampled deal's id (its schedule page)"
        )
        parser.add_argument(
            "--survey-response",
            type=int,
            metavar="ID",
            help="A survey response's id instead (its page under the program's survey)",
        )
        parser.add_argument("--yes", action="store_true", help="Delete; without it, only show")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        reach = _reach(workspace, options["entry"], options["survey_response"])
        if not options["yes"]:
            counts = reach.counts()
            self.stdout.write(
                f"Would delete the respondent's data: {counts['interviews']} interviews, "
                f"{counts['appointments']} appointments, {counts['entries']} sampled deals, "
                f"{counts['survey_responses']} survey responses. Run again with --yes to delete."
            )
            return
        with errors_as_command_error():
            counts = forget_respondent(reach, user=None, actor="command line")
        self.stdout.write(done_sentence(counts))


def _reach(workspace, entry_id: int | None, response_id: int | None) -> Reach:
    if (entry_id is None) == (response_id is None):
        raise CommandError("Give either a sampled deal's id or --survey-response ID.")
    if response_id is not None:
        response = SurveyResponse.objects.filter(workspace=workspace, pk=response_id).first()
        if response is None:
            raise CommandError(f"No survey response {response_id} in {workspace.slug}.")
        return reach_of_response(response)
    entry = SampleEntry.objects.filter(workspace=workspace, pk__in=[entry_id]).first()
    if entry is None:
        raise CommandError(f"No sampled deal {entry_id} in {workspace.slug}.")
    return reach_of(entry)
