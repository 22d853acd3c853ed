"""The ``winloss`` command: Django's management commands with winloss's settings preset.

Commands may be typed with hyphens (``winloss create-workspace``), as the docs write them.
"""

import os
import sys


def command_line(argv: list[str]) -> list[str]:
    """The argv Django expects: program name ``winloss``, the command with underscores."""
    argv = ["winloss", *argv[1:]]
    # The command's position: first, or after "help".
    position = 2 if len(argv) > 2 and argv[1] == "help" else 1
    if len(argv) > position and not argv[position].startswith("-"):
        argv[position] = argv[position].replace("-", "_")
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # A setting the environment got wrong (no SECRET_KEY with DEBUG off, a mistyped flag) is
    # said in one line for the person starting winloss, not as a traceback.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it loads the settings)
    except ImproperlyConfigured as error:
        sys.exit(f"winloss: {error}")
    execute_from_command_line(command_line(list(sys.argv if argv is None else argv)))
