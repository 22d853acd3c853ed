"""A job whose worker died stops saying "Running": it is failed with a reason and retried."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.jobs.models import Job, JobStatus
from winloss.jobs.services import running
from winloss.jobs.tests.test_jobs import count_to


@task()
def slow(job_id: int, seconds: float) -> None:
    with running(job_id):
        time.sleep(seconds)  # one long step that reports no progress


def _killed(workspace, user, minutes_ago: int = 10) -> Job:
    """A job as a worker killed mid-import leaves it: running, its heartbeat long past."""
    then = timezone.now() - timedelta(minutes=minutes_ago)
    return Job.objects.create(
        workspace=workspace,
        created_by=user,
        label="Import deals.csv",
        status=JobStatus.RUNNING,
        started=then,
        heartbeat=then,
        task_path=count_to.module_path,
        task_kwargs={"n": 4},
    )


def test_a_job_whose_worker_died_is_failed_with_a_reason(workspace, people):
    job = _killed(workspace, people[Role.ANALYST])
    alive = _killed(workspace, people[Role.ANALYST], minutes_ago=1)
    out = StringIO()
    call_command("fail_stale_jobs", stdout=out)
    assert out.getvalue().strip() == "1 stopped job marked failed."
    job.refresh_from_db()
    alive.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("The worker running this job stopped without finishing")
    assert alive.status == JobStatus.RUNNING


def test_the_page_of_a_stopped_job_says_so_stops_polling_and_offers_a_retry(
    workspace, people, client_for
):
    job = _killed(workspace, people[Role.ANALYST])
    client = client_for(people[Role.ANALYST])
    page = client.get(f"/w/{workspace.slug}/jobs/{job.pk}/").content.decode()
    assert "<strong>Stopped</strong>" in page and "Running" not in page
    assert "hx-trigger" not in page
    assert f'action="/w/{workspace.slug}/jobs/{job.pk}/retry/"' in page


def test_retrying_starts_the_task_again_with_its_arguments(
    workspace, people, client_for, django_capture_on_commit_callbacks
):
    job = _killed(workspace, people[Role.ANALYST])
    client = client_for(people[Role.ANALYST])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/w/{workspace.slug}/jobs/{job.pk}/retry/")
    retry = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/w/{workspace.slug}/jobs/{retry.pk}/"
    assert (retry.status, retry.result, retry.label) == (
        JobStatus.SUCCEEDED,
        {"counted": 4},
        "Import deals.csv",
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert LogEntry.objects.filter(action="job.retried").count() == 1


def test_only_the_person_who_started_it_or_an_admin_may_retry(workspace, people, client_for):
    job = _killed(workspace, people[Role.ANALYST])
    response = client_for(people[Role.OWNER]).post(f"/w/{workspace.slug}/jobs/{job.pk}/retry/")
    assert response.status_code == 403


def test_a_job_still_running_cannot_be_retried(workspace, people, client_for):
    job = _killed(workspace, people[Role.ANALYST], minutes_ago=0)
    client = client_for(people[Role.ANALYST])
    client.post(f"/w/{workspace.slug}/jobs/{job.pk}/retry/")
    assert Job.objects.count() == 1


# The heartbeat thread has its own connection: the job's rows must be committed.
@pytest.mark.django_db(transaction=True)
def test_a_worker_busy_with_one_long_step_still_stamps_its_heartbeat(workspace, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    job = Job.objects.create(workspace=workspace, label="Slow")
    started = timezone.now()
    slow.call(job.pk, 0.5)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.heartbeat > started + timedelta(seconds=0.3)
