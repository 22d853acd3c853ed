from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from winloss.lib.errors import errors_as_command_error
from winloss.operate.archive import ENGINE_NAMES
from winloss.operate.backup import back_up


class Command(BaseCommand):
    help = (
        "Write one ZIP archive holding the database (SQLite's online backup, or pg_dump), "
        "every stored file (MEDIA_ROOT, or the S3 bucket) and a manifest with their "
        "checksums. Safe while the app runs. The secret key is not included: keep it apart. "
        "Restore it with `winloss restore`."
    )
    # Start fast: the system checks load every view (and their libraries).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="The archive to write, e.g. winloss-2026-12-07.zip")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        with errors_as_command_error():
            manifest = back_up(out=out)
        files = len(manifest["members"]) - 1
        size = sum(entry["size"] for entry in manifest["members"])
        engine = ENGINE_NAMES[manifest["engine"]]
        self.stdout.write(
            f"Backed up the {engine} database and {files} stored file{'s' if files != 1 else ''} "
            f"({size / 1e6:.1f} MB before compression) to {out}."
        )
