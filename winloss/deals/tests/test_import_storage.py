"""A deal import reads its upload from the file storage, on disk or in an S3 bucket: upload,
check, import the valid rows and download the rejected ones, as a person does on the pages."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.deals.imports.background import start_deal_import
from winloss.deals.imports.errors import ImportFailed
from winloss.deals.imports.stored import imports_folder, open_upload, store_upload
from winloss.deals.models import Deal
from winloss.jobs.models import Job, JobStatus
from winloss.testing import make_workspace

CONTENT = (
    "Id,Name,Stage,Close Date,Amount\n"
    "1,Acme,Closed Won,2025-03-31,100\n"
    "2,Initech,Won,soon,lots\n"
    "3,Globex,Open,,50\n"
    "1,Acme again,Closed Won,2025-03-31,100\n"
)


def _job(url: str) -> Job:
    return Job.objects.get(pk=url.rstrip("/").rsplit("/", 1)[1])


def test_an_upload_is_checked_imported_and_its_rejected_rows_downloaded(
    stored_files, workspace, people, client_for, django_capture_on_commit_callbacks
):
    client = client_for(people[Role.ANALYST])
    upload = SimpleUploadedFile("opps.csv", CONTENT.encode(), content_type="text/csv")

    uploaded = client.post(
        reverse("deals:import", kwargs={"ws": workspace.slug}),
        {"file": upload, "file_format": "auto"},
    )
    params = dict(QueryDict(uploaded.url.split("?", 1)[1]).items())
    stored = params["file"]
    assert stored.startswith(f"imports/{workspace.pk}/") and stored.endswith(".csv")
    assert "opps" not in stored and stored_files.storage.exists(stored)
    page = client.get(uploaded.url)
    columns = {f"col-{i}": field for i, _, field in page.context["rows"]}
    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(page.request["PATH_INFO"], {**params, **columns, "action": "check"})
    check = _job(checked.url)
    assert check.status == JobStatus.SUCCEEDED, check.error
    assert check.result["dry_run"] and not Deal.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        imported = client.post(checked.url, {"action": "valid_only"})
    job = _job(imported.url)

    assert job.status == JobStatus.SUCCEEDED, job.error
    assert set(Deal.objects.values_list("crm_id", flat=True)) == {"1", "3"}
    rejected_file = job.result["rejected_file"]
    assert rejected_file.startswith(f"imports/{workspace.pk}/")
    assert stored_files.storage.exists(rejected_file)
    download = client.get(
        reverse("deals:import_rejected", kwargs={"ws": workspace.slug, "job_id": job.pk})
    )
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))] == ["row", "3", "5"]


def test_another_workspaces_upload_or_a_name_outside_the_imports_is_not_found(
    stored_files, workspace, people, client_for
):
    other = make_workspace(slug="globex")
    theirs = store_upload(workspace=other, upload=SimpleUploadedFile("x.csv", b"Id,Stage\n1,Won"))
    client = client_for(people[Role.ANALYST])
    url = reverse("deals:import_map", kwargs={"ws": workspace.slug})
    for name in (theirs, f"imports/{workspace.pk}/../{other.pk}/x.csv", "../secret_key", ""):
        assert client.get(url, {"file": name}).status_code == 404, name
    assert client.get(url, {"file": f"{imports_folder(workspace)}/gone.csv"}).status_code == 404


def test_an_xlsx_upload_is_read_back_from_the_storage(
    stored_files, workspace, people, django_capture_on_commit_callbacks
):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date"])
    sheet.append([101, "Acme expansion", "Closed Won", 12500.5, dt.datetime(2025, 3, 31)])
    sheet.append([102, "Acme renewal", "Closed Lost", 9000, dt.date(2025, 4, 2)])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("deals.xlsx", data.getvalue())

    with django_capture_on_commit_callbacks(execute=True):
        job = start_deal_import(workspace=workspace, user=people[Role.ANALYST], upload=upload)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert set(Deal.objects.values_list("crm_id", flat=True)) == {"101", "102"}


def test_an_upload_no_longer_kept_says_to_upload_it_again(stored_files, workspace):
    name = store_upload(workspace=workspace, upload=SimpleUploadedFile("x.csv", b"Id\n1\n"))
    stored_files.storage.delete(name)
    with pytest.raises(ImportFailed, match="no longer kept"), open_upload(name):
        pass
