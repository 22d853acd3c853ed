"""``winloss export-openapi-schema``: django-ninja's command, kept although ninja is no longer
an installed app (settings.NINJA_DIR says why); ninja loads only when it runs."""

from ninja.management.commands.export_openapi_schema import Command

__all__ = ["Command"]
