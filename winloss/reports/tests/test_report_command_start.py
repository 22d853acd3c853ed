"""`winloss report` writes a published file without loading the analysis or its libraries."""

import os
import subprocess
import sys

from winloss.reports.management.commands.report import Command

HEAVY = ("scipy", "sklearn", "matplotlib", "weasyprint")
PROBE = f"""
import sys, django
django.setup()
import winloss.reports.management.commands.report
print(",".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_the_report_command_skips_the_system_checks():
    # The checks import every view, and with them the chart and spreadsheet libraries.
    assert Command.requires_system_checks == []


def test_loading_the_report_command_imports_no_heavy_library(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "winloss.settings", "DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
