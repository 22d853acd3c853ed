from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from winloss.accounts.services import AccountsError, create_workspace


class Command(BaseCommand):
    help = "Create a workspace: winloss create-workspace SLUG [--name NAME]"

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="The workspace's short address, e.g. acme")
        parser.add_argument("--name", default="", help="Its display name")

    def handle(self, *args, slug: str, name: str, **options) -> None:
        if slugify(slug) != slug:
            raise CommandError(
                f"{slug!r} cannot be an address: use lowercase letters, digits "
                f"and hyphens, e.g. {slugify(slug) or 'acme'!r}."
            )
        try:
            workspace = create_workspace(slug=slug, name=name, actor="cli")
        except AccountsError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Created the workspace “{workspace.name}” at /w/{workspace.slug}/.")
