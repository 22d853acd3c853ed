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
    argv = list(sys.argv if argv is None else argv)
    if argv[1:] in ([], ["help"], ["--help"], ["-h"]):
        sys.stdout.write(commands_help() + "\n")
        return
    execute_from_command_line(command_line(argv))


def commands_help() -> str:
    """Django's list of commands (``winloss help``), read from the installed apps' folders
    without setting the apps up: listing commands needs no models, and setting up every
    stage's models and start-up work is most of a command's start."""
    from collections import defaultdict

    from django.apps import AppConfig
    from django.conf import settings
    from django.core import management
    from django.core.management.color import color_style

    # As Django's get_commands(): its own first, then the apps, an earlier app winning a name.
    owners = {name: "django" for name in management.find_commands(management.__path__[0])}
    for entry in reversed(settings.INSTALLED_APPS):
        config = AppConfig.create(entry)
        found = management.find_commands(os.path.join(config.path, "management"))
        owners.update({name: config.name.rpartition(".")[-1] for name in found})
    by_app = defaultdict(list)
    for name, app in owners.items():
        by_app[app].append(name)
    style = color_style()
    lines = ["", "Type 'winloss help <subcommand>' for help on a specific subcommand.", "",
             "Available subcommands:"]  # fmt: skip
    for app in sorted(by_app):
        lines += ["", style.NOTICE(f"[{app}]"), *(f"    {name}" for name in sorted(by_app[app]))]
    return "\n".join(lines)
