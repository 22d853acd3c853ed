from django.core.management.base import BaseCommand, CommandParser

from winloss.accounts.services import create_workspace
from winloss.lib.errors import errors_as_command_error


class Command(BaseCommand):
    help = "Create a workspace: winloss create-workspace SLUG [--name NAME]"
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The workspace's short address, e.g. acme")
        parser.add_argument("--name", default="", help="Its display name (default: the slug)")

    def handle(self, *args, slug: str, name: str, **options) -> None:
        with errors_as_command_error():
            workspace = create_workspace(slug=slug, name=name, actor="cli")
        self.stdout.write(f"Created the workspace “{workspace.name}” at /w/{workspace.slug}/.")
        self.stdout.write(
            f"Next: winloss add-member {workspace.slug} EMAIL --role admin, to give it an admin."
        )
