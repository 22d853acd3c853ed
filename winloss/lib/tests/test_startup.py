"""Start-up stays light: a command that does not analyse, chart or export must not pay for
the libraries that do (scikit-learn and scipy alone cost seconds on a small machine)."""

import json
import os
import subprocess
import sys

HEAVY = (
    "sklearn",
    "scipy",
    "numpy",
    "matplotlib",
    "weasyprint",
    "openpyxl",
    "pptx",
    "docx",
    "krippendorff",
    "joblib",
    # The API's framework and its validation library: only the web app and the API use them.
    "ninja",
    "pydantic",
    "icalendar",
    # The S3 client: loaded by the file storage on first use, and only when it is a bucket.
    "boto3",
    "botocore",
    # Errors and metrics: Sentry's SDK only with SENTRY_DSN set; prometheus_client, even with
    # METRICS_TOKEN set, only in the web app's processes and a worker's first task.
    "sentry_sdk",
    "prometheus_client",
)

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
from django.core.management import call_command
import django
django.setup()
from io import StringIO
call_command("lint_questions", "-", stdin=StringIO("What mattered most?\\n"), stdout=StringIO())
print(json.dumps(sorted(sys.modules)))
"""

# Stages' work that start-up only names (``lib.later``): scheduled runs and signal receivers
# load them when they first run. The CRM sync alone brings in the CRM clients and the deal
# imports.
NAMED_NOT_LOADED = (
    "winloss.crm.sync",
    "winloss.crm.triggers",
    "winloss.crm.writeback",
    "winloss.deals.imports.run",
    "winloss.digests.services",
    "winloss.outreach.services",
    "winloss.outreach.calendars",
    "winloss.actions.services",
    "winloss.retention.services",
)


def test_setting_up_and_linting_a_question_load_no_heavy_library(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path),
        "METRICS_TOKEN": "metrics-on-but-not-for-commands",
    }
    env.pop("DATABASE_URL", None)
    env.pop("SENTRY_DSN", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    loaded = {name.split(".")[0] for name in modules}
    assert not loaded & set(HEAVY), f"loaded at start-up: {sorted(loaded & set(HEAVY))}"
    assert not modules & set(NAMED_NOT_LOADED), sorted(modules & set(NAMED_NOT_LOADED))


TEMPLATES_PROBE = """
import json, sys, django
django.setup()
from django.template import engines
engines["django"].engine.template_libraries  # every app's tags, as the first template loads
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_template_tag_libraries_load_no_heavy_library(tmp_path):
    # Any template (an email, a report's PDF) loads them all, whatever it uses.
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
    done = subprocess.run(
        [sys.executable, "-c", TEMPLATES_PROBE], env=env, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not loaded & {*HEAVY, "webvtt"}, sorted(loaded & {*HEAVY, "webvtt"})


def test_winloss_commands_skip_the_system_checks():
    # The checks import every view and, with them, ninja, matplotlib and openpyxl: seconds.
    # The worker keeps them: it starts once and then runs every kind of job.
    from django.core.management import get_commands, load_command_class

    ours = {
        name: app
        for name, app in get_commands().items()
        if app.startswith("winloss") and name != "worker"
    }
    assert {"lint_questions", "report", "purge", "export_openapi_schema"} <= set(ours)
    checking = sorted(
        name for name, app in ours.items() if load_command_class(app, name).requires_system_checks
    )
    assert checking == []


def test_the_list_of_commands_is_djangos_without_setting_up_the_apps(tmp_path):
    from django.core.management import ManagementUtility

    from winloss.cli import commands_help

    assert commands_help() == ManagementUtility(["winloss", "help"]).main_help_text()
    probe = (
        "import contextlib, io, json, sys\n"
        "from winloss.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    main(['winloss', '--help'])\n"
        "assert 'lint_questions' in out.getvalue()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    modules = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert not {m for m in modules if m.startswith("winloss.") and m.endswith(".models")}
