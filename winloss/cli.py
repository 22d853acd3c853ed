"""The ``winloss`` command: Django's management commands with winloss's settings preset.

Commands may be typed with hyphens (``winloss create-workspace``), as the docs write them.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "winloss"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
