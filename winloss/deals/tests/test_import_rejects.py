"""Rejected rows handed back as a CSV: the web download after a job, and --rejects."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.deals.imports import import_deals, records
from winloss.deals.imports.background import start_deal_import
from winloss.deals.imports.rejects import write_rejected
from winloss.deals.models import Deal
from winloss.jobs.models import JobStatus

CONTENT = (
    "Id,Name,Stage,Close Date,Amount\n"
    "1,Acme,Closed Won,2025-03-31,100\n"
    '2,=HYPERLINK("http://evil"),Won,soon,lots\n'
    "3,Globex,Open,,50\n"
    "1,Acme again,Closed Won,2025-03-31,100\n"
)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def _import(workspace, content: str = CONTENT, **options):
    return import_deals(workspace=workspace, source=io.BytesIO(content.encode()), **options)


def test_rejected_rows_keep_their_values_row_number_and_every_reason(workspace):
    result = _import(workspace, valid_only=True)
    out = io.StringIO()
    assert write_rejected(result, out) == 2
    header, bad, repeat = _rows(out.getvalue())
    assert header == ["row", "reasons", "Id", "Name", "Stage", "Close Date", "Amount"]
    assert bad[0] == "3" and bad[2:] == ["2", '\'=HYPERLINK("http://evil")', "Won", "soon", "lots"]
    reasons = bad[1].split("; ")
    assert len(reasons) == 2
    assert reasons[0].startswith("Close Date: ") and reasons[0].endswith("(soon)")
    assert reasons[1].startswith("Amount: ") and reasons[1].endswith("(lots)")
    assert repeat[0] == "5" and "Id: Row 2 has the same CRM id" in repeat[1]
    assert set(Deal.objects.values_list("crm_id", flat=True)) == {"1", "3"}


def test_only_the_first_rejected_rows_are_kept_when_there_are_many(workspace, monkeypatch):
    monkeypatch.setattr(records, "MAX_KEPT_REJECTS", 3)
    content = "Id,Stage,Close Date\n" + "".join(f"{i},Won,never\n" for i in range(10))
    result = _import(workspace, content, valid_only=True)
    assert result.rejected == 10
    assert [r.row for r in result.rejected_rows] == [2, 3, 4]


def _job(workspace, user, content: str, **options):
    upload = SimpleUploadedFile("opps.csv", content.encode(), content_type="text/csv")
    return start_deal_import(workspace=workspace, user=user, upload=upload, **options)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_valid_only_job_offers_its_rejected_rows_to_download(
    workspace, people, media, client_for, django_capture_on_commit_callbacks
):
    analyst = people[Role.ANALYST]
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(workspace, analyst, CONTENT, valid_only=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result["rejected_kept"] == 2 and not job.result["rejected_capped"]
    client = client_for(analyst)
    page = client.get(reverse("deals:import_job", kwargs={"ws": workspace.slug, "job_id": job.pk}))
    url = reverse("deals:import_rejected", kwargs={"ws": workspace.slug, "job_id": job.pk})
    assert "Download rejected rows (CSV)" in page.content.decode()
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="rejected-rows-{job.pk}.csv"'
    rows = _rows(b"".join(response.streaming_content).decode("utf-8"))
    assert [r[0] for r in rows] == ["row", "3", "5"]
    assert client_for(people[Role.STAKEHOLDER]).get(url).status_code == 403


def test_the_page_says_when_more_rows_were_rejected_than_the_download_holds(
    workspace, people, media, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(records, "MAX_KEPT_REJECTS", 2)
    content = "Id,Stage,Close Date\n1,Won,2025-01-01\n" + "".join(
        f"{i},Won,never\n" for i in range(2, 7)
    )
    analyst = people[Role.ANALYST]
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(workspace, analyst, content, valid_only=True)
    job.refresh_from_db()
    page = client_for(analyst).get(
        reverse("deals:import_job", kwargs={"ws": workspace.slug, "job_id": job.pk})
    )
    assert "The download holds the first 2 of 5 rejected rows" in page.content.decode()


def test_an_import_that_rejected_nothing_has_no_rejected_rows_to_download(
    workspace, people, media, client_for, django_capture_on_commit_callbacks
):
    analyst = people[Role.ANALYST]
    with django_capture_on_commit_callbacks(execute=True):
        job = _job(workspace, analyst, "Id,Stage\n1,Open\n", valid_only=True)
    url = reverse("deals:import_rejected", kwargs={"ws": workspace.slug, "job_id": job.pk})
    assert client_for(analyst).get(url).status_code == 404


def test_the_cli_writes_the_rejected_rows_with_rejects(workspace, tmp_path):
    source, rejects = tmp_path / "opps.csv", tmp_path / "rejects.csv"
    source.write_text(CONTENT)
    out = io.StringIO()
    call_command("import_deals", str(source), workspace=workspace.slug, valid_only=True,
                 rejects=str(rejects), stdout=out)  # fmt: skip
    assert f"Wrote 2 rejected rows to {rejects}." in out.getvalue()
    written = rejects.read_text(encoding="utf-8-sig")
    assert [r[0] for r in _rows(written)] == ["row", "3", "5"]
    assert "'=HYPERLINK" in written


def test_the_cli_writes_the_rejected_rows_of_a_stopped_import_too(workspace, tmp_path):
    source, rejects = tmp_path / "opps.csv", tmp_path / "rejects.csv"
    source.write_text(CONTENT)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_deals", str(source), workspace=workspace.slug, json=True,
                     rejects=str(rejects), stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert len(_rows(rejects.read_text(encoding="utf-8-sig"))) == 3
