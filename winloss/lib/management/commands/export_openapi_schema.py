"""``winloss export-openapi-schema``: django-ninja's command, kept although ninja is no longer
an installed app (settings.NINJA_DIR says why); ninja loads only when it runs."""

from ninja.management.commands.export_openapi_schema import Command as NinjaCommand


class Command(NinjaCommand):
    # Start fast, as winloss's own commands: the system checks load every view.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        # ninja looks for an API at /api/; winloss's is at /api/v1/.
        options["api"] = options["api"] or "winloss.api.api"
        super().handle(*args, **options)
