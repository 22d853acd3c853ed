"""Scheduled work runs inside the workers: each due run once, however many tick at once, with
its last and next run for the admins to read."""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from winloss.accounts.models import User
from winloss.accounts.roles import Role
from winloss.jobs import schedules
from winloss.jobs.models import Job, JobStatus, ScheduledRun
from winloss.jobs.scheduler import claim, tick
from winloss.jobs.schedules import all_off_but
from winloss.jobs.services import run_schedule

# Only the stopped-jobs sweep, every 5 minutes: the other stages' schedules turned off the way
# an installation would (SCHEDULE), so each test knows what a tick queues.
ONLY_STALE = all_off_but("jobs.stale")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def only_stale(settings):
    settings.SCHEDULE = ONLY_STALE


def _killed_job(workspace) -> Job:
    then = timezone.now() - dt.timedelta(minutes=10)
    return Job.objects.create(
        workspace=workspace, label="Import", status=JobStatus.RUNNING, started=then, heartbeat=then
    )


def _broken() -> None:
    raise ValueError("the SMTP server refused the connection")


@pytest.fixture
def broken(monkeypatch, settings):
    """A schedule whose work fails, registered beside the real ones for this test only."""
    settings.SCHEDULE = {**ONLY_STALE, "jobs.stale": None}
    monkeypatch.setitem(
        schedules._SCHEDULES,
        "tests.broken",
        schedules.Schedule(
            name="tests.broken", label="Work that fails", run=_broken, every=dt.timedelta(hours=1)
        ),
    )


def test_a_due_schedule_runs_its_work_and_records_its_last_and_next_run(workspace, only_stale):
    job = _killed_job(workspace)
    now = timezone.now()

    assert tick(now=now) == ["jobs.stale"]

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    run = ScheduledRun.objects.get(name="jobs.stale")
    assert run.status == JobStatus.SUCCEEDED
    assert run.summary == "1 stopped job marked failed."
    assert run.last_queued == now and run.last_started >= now
    assert run.last_finished >= run.last_started
    assert run.next_run == now + dt.timedelta(minutes=5)
    assert ":" in run.worker  # host:pid


def test_a_schedule_runs_again_only_when_its_next_run_comes(db, only_stale):
    now = timezone.now()
    assert tick(now=now) == ["jobs.stale"]
    assert tick(now=now + dt.timedelta(minutes=4)) == []
    assert tick(now=now + dt.timedelta(minutes=5)) == ["jobs.stale"]


def test_failing_work_is_recorded_and_its_next_run_still_set(db, broken):
    now = timezone.now()

    assert tick(now=now) == ["tests.broken"]

    run = ScheduledRun.objects.get(name="tests.broken")
    assert run.status == JobStatus.FAILED
    assert run.summary == "ValueError: the SMTP server refused the connection"
    assert run.last_finished is not None
    assert run.next_run == now + dt.timedelta(hours=1)
    assert tick(now=now + dt.timedelta(minutes=1)) == []


def test_the_run_raises_its_failure_for_the_task_result_and_the_worker_log(db, broken):
    tick(now=timezone.now())
    with pytest.raises(ValueError, match="SMTP server"):
        run_schedule("tests.broken")


def test_daily_work_runs_at_its_time_in_the_servers_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    purge = schedules.Schedule(name="x", label="x", run=_broken, at=dt.time(3, 0))
    utc = dt.UTC
    # The night the clocks go forward: 03:00 in Berlin is 01:00 UTC.
    assert purge.next_after(dt.datetime(2026, 3, 28, 12, 0, tzinfo=utc)) == dt.datetime(
        2026, 3, 29, 1, 0, tzinfo=utc
    )
    # Just past the time: tomorrow's, not a second run today.
    assert purge.next_after(dt.datetime(2026, 7, 1, 1, 0, tzinfo=utc)) == dt.datetime(
        2026, 7, 2, 1, 0, tzinfo=utc
    )
    assert purge.when == "daily at 03:00 (Europe/Berlin)"


def test_daily_work_first_runs_at_its_next_time_and_missed_runs_are_done_once(db, settings):
    settings.SCHEDULE = {**ONLY_STALE, "jobs.stale": dt.time(3, 0)}
    evening = dt.datetime(2026, 7, 1, 20, 0, tzinfo=dt.UTC)
    assert tick(now=evening) == []
    assert ScheduledRun.objects.get().next_run == dt.datetime(2026, 7, 2, 3, 0, tzinfo=dt.UTC)
    # No worker ran for three days: the work is done once, then at its time again.
    later = dt.datetime(2026, 7, 5, 9, 0, tzinfo=dt.UTC)
    assert tick(now=later) == ["jobs.stale"]
    assert ScheduledRun.objects.get().next_run == dt.datetime(2026, 7, 6, 3, 0, tzinfo=dt.UTC)


def test_schedule_can_change_a_timing_or_turn_work_off(settings):
    settings.SCHEDULE = {"jobs.stale": dt.timedelta(minutes=1), "retention.purge": None}
    found = {s.name: s for s in schedules.registered()}
    assert found["jobs.stale"].when == "every minute"
    assert found["outreach.reminders"].when == "every hour"
    assert found["actions.reminders"].when == "daily at 08:00 (UTC)"
    assert "retention.purge" not in found


def test_a_misspelt_schedule_stops_the_worker_naming_it(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.SCHEDULE = {"retention.purg": None}
    with pytest.raises(ImproperlyConfigured, match=r"SCHEDULE names retention\.purg"):
        call_command("worker", batch=True, startup_delay=False, reload=False, stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_due_schedule_queue_it_once(settings, only_stale):
    settings.TASKS = DATABASE_QUEUE
    rounds = 8
    queued: list[list[str]] = []
    for round_ in range(rounds):
        now = timezone.now() + dt.timedelta(minutes=5 * round_)
        start = threading.Barrier(2)

        def worker(now: dt.datetime = now, start: threading.Barrier = start) -> None:
            try:
                start.wait()
                queued.append(tick(now=now))
            except DatabaseError:  # SQLite's other writer: a worker tries at its next tick
                queued.append([])
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sum(len(names) for names in queued) == rounds
    assert DBTaskResult.objects.filter(task_path__endswith="run_scheduled").count() == rounds
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_of_two_claims_on_one_due_run_exactly_one_wins(settings, only_stale):
    settings.TASKS = DATABASE_QUEUE
    now = timezone.now()
    tick(now=now - dt.timedelta(minutes=5))  # the row exists, due again at `now`
    stale = {s.name: s for s in schedules.registered()}["jobs.stale"]
    won: list[bool] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            won.append(claim(stale, now=now))
        except DatabaseError:
            won.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(won) == [False, True]
    assert DBTaskResult.objects.filter(task_path__endswith="run_scheduled").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_worker_queues_the_due_work_and_runs_it(settings, only_stale):
    settings.TASKS = DATABASE_QUEUE

    call_command("worker", batch=True, startup_delay=False, reload=False, stdout=StringIO())

    [result] = DBTaskResult.objects.filter(task_path__endswith="run_scheduled")
    assert result.status == "SUCCESSFUL" and result.args_kwargs["args"] == ["jobs.stale"]
    run = ScheduledRun.objects.get(name="jobs.stale")
    assert (run.status, run.summary) == (JobStatus.SUCCEEDED, "0 stopped jobs marked failed.")
    assert run.last_started <= run.last_finished < run.next_run


@pytest.mark.django_db(transaction=True)
def test_a_worker_started_with_no_schedule_queues_no_scheduled_work(settings, only_stale):
    settings.TASKS = DATABASE_QUEUE
    call_command(
        "worker", batch=True, schedule=False, startup_delay=False, reload=False, stdout=StringIO()
    )
    assert not ScheduledRun.objects.exists()


# Two worker processes on one SQLite file, as production runs it (WAL, immediate transactions,
# the busy timeout). Once both are ready they tick each due time at the same wall-clock moment.
TWO_PROCESSES = """
import json, pathlib, sys, time, datetime as dt
import django
django.setup()
from winloss.jobs.scheduler import tick
here, other = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
here.touch()
while not other.exists():
    time.sleep(0.01)
start = max(here.stat().st_mtime, other.stat().st_mtime) + 0.5
base = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
queued = []
for n in range(ROUNDS):
    time.sleep(max(0, start + n * 0.15 - time.time()))
    queued.append(tick(now=base + dt.timedelta(minutes=5 * n)))
print(json.dumps(queued))
"""


@pytest.mark.xdist_group("migrated-sqlite")
def test_two_worker_processes_on_one_sqlite_file_queue_each_due_run_once(migrated_data_dir):
    rounds = 20
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(migrated_data_dir),
        "TASK_BACKEND": "database",
        "SCHEDULE": (", ".join(f"{name}=off" for name in all_off_but("jobs.stale"))),
        "DJANGO_SETTINGS_MODULE": "winloss.settings",
    }
    env.pop("DATABASE_URL", None)
    ready = [migrated_data_dir / "a.ready", migrated_data_dir / "b.ready"]
    command = [sys.executable, "-c", TWO_PROCESSES.replace("ROUNDS", str(rounds))]
    processes = [
        subprocess.Popen(
            [*command, str(mine), str(theirs)], env=env, stdout=subprocess.PIPE, text=True
        )
        for mine, theirs in (ready, ready[::-1])
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]

    queued = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    per_round = [len(a) + len(b) for a, b in zip(*queued, strict=True)]
    assert per_round == [1] * rounds
    with sqlite3.connect(migrated_data_dir / "winloss.sqlite3") as db:
        tasks = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'winloss.jobs.tasks.run_scheduled'"
        ).fetchone()
    assert tasks == (rounds,)


def test_admins_read_each_schedules_last_and_next_run(workspace, only_stale, settings):
    settings.SCHEDULE = {**ONLY_STALE, "outreach.reminders": dt.timedelta(hours=1)}
    admin = User.objects.create_superuser("root@example.com", "pw")
    client = Client()
    client.force_login(admin)

    page = client.get("/admin/jobs/scheduledrun/").content.decode()
    assert "Not looked at by a worker yet" in page
    assert "Failing the jobs whose worker stopped (jobs.stale), every 5 minutes" in page

    _killed_job(workspace)
    now = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)
    tick(now=now)
    page = client.get("/admin/jobs/scheduledrun/").content.decode()
    assert "Not looked at by a worker yet" not in page
    assert "Failing the jobs whose worker stopped (jobs.stale)" in page
    assert "every 5 minutes" in page and "every hour" in page
    assert "Finished" in page and "1 stopped job marked failed." in page
    assert "0 reminders queued." in page
    assert "Dec. 7, 2026, 9:35 a.m." in page  # the next run
    assert "Dec. 7, 2026, 10:30 a.m." in page


def test_the_schedule_list_is_for_site_administrators_only(people):
    client = Client()
    client.force_login(people[Role.ADMIN])
    response = client.get("/admin/jobs/scheduledrun/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
