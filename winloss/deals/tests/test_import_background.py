"""Large imports run as a background job: stored upload, progress, counts kept on the job."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from winloss.accounts.roles import Role
from winloss.deals.imports.background import start_deal_import
from winloss.deals.imports.mappings import save_mapping
from winloss.deals.models import Deal
from winloss.jobs.models import JobStatus

ROWS = "".join(f"{i},Deal {i},{'Closed Won' if i % 2 else 'Closed Lost'},2025-03-{i % 28 + 1:02d}\n"
               for i in range(1, 2501))  # fmt: skip
GOOD = "Id,Name,Stage,Close Date\n" + ROWS


def _start(workspace, user, content: str, name: str = "opps.csv", **options):
    upload = SimpleUploadedFile(name, content.encode(), content_type="text/csv")
    return start_deal_import(workspace=workspace, user=user, upload=upload, **options)


def test_an_import_job_runs_on_commit_and_keeps_the_counts(
    workspace, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(workspace, people[Role.ANALYST], GOOD)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert (job.result["created"], job.result["rejected"]) == (2500, 0)
    assert job.done == job.total == 2500
    assert job.result["summary"].startswith("Imported 2,500 rows of deals")
    assert Deal.objects.filter(workspace=workspace).count() == 2500
    stored = list((tmp_path / "imports" / str(workspace.pk)).iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".csv" and stored[0].stem != "opps"


def test_an_import_job_with_row_errors_fails_and_keeps_the_errors(
    workspace, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(
            workspace,
            people[Role.ANALYST],
            GOOD.replace("\n5,Deal 5,Closed Won,2025-03-06", "\n5,Deal 5,Closed Won,2025-02-30"),
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Nothing was imported: 1 of 2,500 rows have errors" in job.error
    assert job.result["errors"][0]["row"] == 6
    assert not Deal.objects.filter(workspace=workspace).exists()


def test_an_unreadable_upload_fails_the_job_with_the_reason(
    workspace, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        job = start_deal_import(
            workspace=workspace,
            user=people[Role.ANALYST],
            upload=SimpleUploadedFile("deals.pdf", b"%PDF-1.7 not a table"),
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("This file is a PDF document, not a table.")


def test_a_dry_run_job_then_the_real_import_read_the_same_stored_file(
    workspace, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    analyst = people[Role.ANALYST]
    save_mapping(workspace=workspace, user=analyst, name="Ours",
                 columns={"Ref": "crm_id", "Phase": "stage", "Closed": "close_date"})  # fmt: skip
    content = "Ref,Phase,Closed\nA,Won,2025-01-02\nB,Open,\n"
    with django_capture_on_commit_callbacks(execute=True):
        check = _start(workspace, analyst, content, mapping_name="Ours", dry_run=True)
    check.refresh_from_db()
    assert check.status == JobStatus.SUCCEEDED and check.result["created"] == 2
    assert not Deal.objects.filter(workspace=workspace).exists()
    stored = next(Path(tmp_path, "imports", str(workspace.pk)).iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        job = start_deal_import(
            workspace=workspace,
            user=analyst,
            stored=str(stored.relative_to(tmp_path)),
            file_name="ours.csv",
            mapping_name="Ours",
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert Deal.objects.filter(workspace=workspace).count() == 2


def test_a_mapping_is_saved_with_the_import_it_was_made_for_and_only_then(
    workspace, people, settings, tmp_path
):
    from winloss.activity.models import LogEntry
    from winloss.deals.imports.errors import ImportFailed
    from winloss.deals.models import SavedMapping
    from winloss.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    analyst = people[Role.ANALYST]
    content = "Ref,Phase,Closed\nA,Won,2025-01-02\n"
    columns = {"Ref": "crm_id", "Phase": "stage", "Closed": "close_date"}
    _start(workspace, analyst, content, columns=columns, save_as="Monthly", dry_run=True)
    assert SavedMapping.objects.get(workspace=workspace, name="Monthly").columns == columns
    assert LogEntry.objects.filter(action="mapping.saved").count() == 1
    # A mapping that cannot be saved starts no import either.
    with pytest.raises(ImportFailed, match="Not deal fields: nonsense"):
        _start(workspace, analyst, content, columns={"Ref": "nonsense"}, save_as="Bad")
    assert Job.objects.count() == 1 and not SavedMapping.objects.filter(name="Bad").exists()
