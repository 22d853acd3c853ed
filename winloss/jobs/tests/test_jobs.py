import pytest
from django_tasks import task

from winloss.accounts.roles import Role
from winloss.jobs.models import Job, JobStatus
from winloss.jobs.services import JobError, running, start_job


@task()
def count_to(job_id: int, n: int) -> None:
    with running(job_id) as job:
        job.report(0, total=n)
        for _ in range(n):
            job.advance()
        job.result = {"counted": n}


@task()
def refuse(job_id: int) -> None:
    with running(job_id):
        raise JobError("Row 3, column close_date: '31/02/2025' is not a date.")


def test_a_started_job_runs_on_commit_and_reports_its_progress(
    workspace, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            workspace=workspace, user=people[Role.ANALYST], label="Count", task=count_to, n=5
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result == {"counted": 5}


def test_a_failed_job_keeps_a_message_the_person_can_read(
    workspace, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(workspace=workspace, user=people[Role.ANALYST], label="Import", task=refuse)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Row 3, column close_date" in job.error


def test_progress_page_polls_until_the_job_finishes(workspace, people, client_for):
    job = Job.objects.create(workspace=workspace, label="Import deals", total=10, done=4)
    client = client_for(people[Role.STAKEHOLDER])
    page = client.get(f"/w/{workspace.slug}/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="4" max="10"' in page
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, done=10)
    partial = client.get(f"/w/{workspace.slug}/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in partial.content.decode()
    assert "<html" not in partial.content.decode()


# The worker closes its database connections when done, as a real worker process would: the
# test needs committed rows rather than a transaction rolled back at the end.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_job_queued_in_the_database(
    workspace, people, settings, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    # Production's queue: django-tasks resets its backends when the setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            workspace=workspace, user=people[Role.ANALYST], label="Count", task=count_to, n=3
        )
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # waiting for a worker, not run inline

    call_command("worker", batch=True, startup_delay=False, reload=False, stdout=StringIO())

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.done == 3
