from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from winloss.lib.errors import errors_as_command_error
from winloss.operate.archive import ENGINE_NAMES
from winloss.operate.restore import restore


class Command(BaseCommand):
    help = (
        "Restore a `winloss backup` archive into an empty database (a new DATA_DIR's SQLite "
        "file, or the empty PostgreSQL database DATABASE_URL names) and an empty file storage "
        "(MEDIA_ROOT, or the S3 bucket), then migrate it to this version's schema. Every "
        "member's checksum is verified first; nothing is written if one fails."
    )
    # Start fast: the system checks load every view (and their libraries).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The archive `winloss backup` wrote")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        with errors_as_command_error():
            manifest = restore(archive=archive)
        self.stdout.write(
            f"Restored {archive} (made {manifest.get('created', '?')} by winloss "
            f"{manifest.get('winloss', '?')}): the {ENGINE_NAMES[manifest['engine']]} database and "
            f"{len(manifest['members']) - 1} stored file(s), migrated to this version's schema."
        )
