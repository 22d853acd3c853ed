"""`winloss report` writes a published file without loading the analysis or its libraries, and
the report's text helpers (used by pages) load none of the file renderers."""

import os
import subprocess
import sys

import pytest

from winloss.reports.management.commands.report import Command

PROBE = """
import sys, django
django.setup()
import {module}
print(",".join(name for name in {names!r} if name in sys.modules))
"""


def _loaded_with(module: str, names: tuple[str, ...], tmp_path) -> str:
    """Which of ``names`` a fresh process has loaded once Django is set up and ``module`` is
    imported."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "winloss.settings", "DATA_DIR": str(tmp_path)}
    code = PROBE.format(module=module, names=names)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_report_command_skips_the_system_checks():
    # The checks import every view, and with them the chart and spreadsheet libraries.
    assert Command.requires_system_checks == []


def test_loading_the_report_command_imports_no_heavy_library(tmp_path):
    heavy = ("scipy", "sklearn", "matplotlib", "weasyprint", "docx", "pptx")
    assert _loaded_with("winloss.reports.management.commands.report", heavy, tmp_path) == ""


def test_the_reports_content_loads_no_analysis_library_until_it_is_built(tmp_path):
    # Building a draft imports these; scikit-learn loads only if a CRM reason must be read
    # with the codebook (the perception gap), and scipy when a figure is computed.
    modules = "winloss.reports.content, winloss.reports.formats, winloss.coding.suggest"
    heavy = ("sklearn", "scipy", "joblib", "krippendorff", "matplotlib", "weasyprint")
    assert _loaded_with(modules, heavy, tmp_path) == ""


def test_the_report_text_helpers_load_no_file_renderer(tmp_path):
    assert _loaded_with("winloss.reports.render.text", ("docx", "pptx"), tmp_path) == ""


DRAFT_PROBE = """
import sys, django
django.setup()
from winloss.programs.health.summary import program_health
from winloss.reports.content import build
from winloss.reports.queries import draft_of
from winloss.testing import make_program, make_workspace
from winloss.testing.planting import plant_north_south

program = make_program(make_workspace(slug="probe"), name="Probe wave")
plant_north_south(program)
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope

assert build(draft_of(program)) and analysis(Scope(program))
program_health(program)
print(",".join(name for name in ("scipy", "sklearn", "joblib") if name in sys.modules))
"""


@pytest.mark.xdist_group("migrated-sqlite")
def test_a_drafts_figures_and_program_health_load_neither_scipy_nor_scikit_learn(
    migrated_data_dir,
):
    # Their intervals, tests and adjustments are lib.stats' own arithmetic (checked against
    # scipy in lib/tests/test_stats.py): scipy.stats alone is a second of every draft's start.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "winloss.settings",
           "DATA_DIR": str(migrated_data_dir), "DEBUG": "1", "EMAIL_URL": "dummy:"}  # fmt: skip
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", DRAFT_PROBE], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""  # the names of those loaded, comma-separated
