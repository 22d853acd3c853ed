from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.lib.errors import errors_as_command_error
from winloss.programs.models import SampleEntry
from winloss.retention.forget import forget_respondent, reach_of


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
        parser.add_argument("entry", type=int, help="The sampled deal's id (its schedule page)")
        parser.add_argument("--yes", action="store_true", help="Delete; without it, only show")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        entry = SampleEntry.objects.filter(workspace=workspace, pk=options["entry"]).first()
        if entry is None:
            raise CommandError(f"No sampled deal {options['entry']} in {workspace.slug}.")
        if not options["yes"]:
            counts = reach_of(entry).counts()
            self.stdout.write(
                f"Would delete the respondent's data: {counts['interviews']} interviews, "
                f"{counts['appointments']} appointments, {counts['entries']} sampled deals. "
                "Run again with --yes to delete."
            )
            return
        with errors_as_command_error():
            counts = forget_respondent(entry=entry, user=None, actor="command line")
        self.stdout.write(
            f"Deleted the respondent's data: {counts['interviews']} interviews emptied, "
            f"{counts['appointments']} appointments and their contact details removed; counts kept."
        )
