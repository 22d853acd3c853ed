"""The move of published report files from a database column to the file storage keeps every
byte and its checksum, and moves back: on disk and in an S3 bucket."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from winloss.testing import make_program

BEFORE = [("reports", "0002_log_codes_thing_verb")]
AFTER = [("reports", "0004_remove_reportfile_data")]
PDF = b"%PDF-1.7 " + bytes(range(256)) * 64


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _models(targets):
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_published_files_move_into_the_storage_and_back(stored_files, workspace):
    program = make_program(workspace)
    sha256 = hashlib.sha256(PDF).hexdigest()
    try:
        _migrate(BEFORE)
        old = _models(BEFORE)
        report = old.get_model("reports", "Report").objects.create(
            workspace_id=workspace.pk, program_id=program.pk, title="Q1"
        )
        version = old.get_model("reports", "ReportVersion").objects.create(
            report=report, number=3, content={}, checksum=""
        )
        old.get_model("reports", "ReportFile").objects.create(
            version=version, format="pdf", data=PDF, sha256=sha256
        )

        _migrate(AFTER)
        from winloss.reports.models import ReportFile

        moved = ReportFile.objects.get()
        assert moved.file.name == f"reports/{workspace.pk}/{program.pk}/v3-{sha256[:16]}.pdf"
        assert moved.read() == PDF and moved.sha256 == sha256

        _migrate(BEFORE)
        back = _models(BEFORE).get_model("reports", "ReportFile").objects.get()
        assert bytes(back.data) == PDF and back.sha256 == sha256
    finally:
        _migrate(_latest())
