"""The report's history reads in sentences, including entries written under its older codes."""

from importlib import import_module

from django.db import connection
from django.db.migrations.loader import MigrationLoader

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.activity.services import log_action
from winloss.reports.services import begin_report, save_draft
from winloss.testing import make_program

RENAMING = "0002_log_codes_thing_verb"
migration = import_module(f"winloss.reports.migrations.{RENAMING}")


def test_a_draft_edit_reads_as_a_sentence_in_the_reports_history(workspace, people):
    report = begin_report(make_program(workspace))
    analyst = people[Role.ANALYST]
    save_draft(report, user=analyst, expected_version=report.version, title="Q3 win-loss")
    entry = LogEntry.objects.for_object(report).get()
    assert entry.action == "report.edited"
    assert describe(entry) == f"{analyst.email} edited the draft of the report Q3 win-loss."


def test_entries_under_the_old_report_codes_take_the_new_ones(workspace):
    report = begin_report(make_program(workspace))
    for old in migration.RENAMED:
        log_action(report, old, actor="cli", data={"version": 1})
    # An unrelated object's entry under the same words is left alone.
    other = log_action(workspace, "published", actor="cli")
    historical = MigrationLoader(connection).project_state(("reports", RENAMING)).apps

    migration.forwards(historical, None)

    renamed = LogEntry.objects.for_object(report)
    assert sorted(renamed.values_list("action", flat=True)) == sorted(migration.RENAMED.values())
    assert "cli published version 1 of the report" in describe(
        renamed.get(action="report.published")
    )
    assert LogEntry.objects.get(pk=other.pk).action == "published"

    migration.backwards(historical, None)
    assert sorted(renamed.values_list("action", flat=True)) == sorted(migration.RENAMED)
