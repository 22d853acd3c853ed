"""``/metrics``: Prometheus's figures for requests, background tasks and the queue, for a
scraper holding the token; added up over every process of a machine in multiprocess mode."""

import os
import subprocess
import sys

import pytest
from django.test import Client
from django_tasks import task
from prometheus_client.parser import text_string_to_metric_families

from winloss.jobs.models import Job
from winloss.jobs.services import running

TOKEN = "a-token-only-the-scraper-knows"


@task()
def tally(job_id: int) -> None:
    with running(job_id) as job:
        job.report(1, total=1)


@pytest.fixture
def scrape(db, settings):
    settings.METRICS_TOKEN = TOKEN

    def read() -> dict[tuple[str, tuple], float]:
        answer = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/plain; version=")
        return _samples(answer.content.decode())

    return read


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _count(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_no_token_set_means_no_metrics_address(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


def test_the_metrics_answer_only_the_token(db, settings, people):
    settings.METRICS_TOKEN = TOKEN
    missing = Client().get("/metrics")
    assert missing.status_code == 401 and missing["WWW-Authenticate"].startswith("Bearer")
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 401
    for wrong in (TOKEN[:-1], TOKEN + "x", TOKEN.upper()):
        answer = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {wrong}")
        assert answer.status_code == 403
    # A person signed in, an admin included, is not a scraper.
    admin = Client()
    admin.force_login(people["admin"])
    assert admin.get("/metrics").status_code == 401
    right = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert right.status_code == 200 and b"winloss_tasks_waiting" in right.content


def test_requests_are_counted_and_timed_by_view_method_and_status(scrape):
    name = "winloss_http_request_duration_seconds_count"
    before = scrape()
    client = Client()
    client.get("/healthz")
    client.get("/healthz")
    client.post("/healthz")  # 405
    client.get("/no/such/page/")
    client.generic("BREW", "/healthz")
    after = scrape()
    assert _count(after, name, view="healthz", method="GET", status="200") == (
        _count(before, name, view="healthz", method="GET", status="200") + 2
    )
    for labels in (
        {"view": "healthz", "method": "POST", "status": "405"},
        {"view": "unresolved", "method": "GET", "status": "404"},
        {"view": "healthz", "method": "other", "status": "405"},
    ):
        assert _count(after, name, **labels) == _count(before, name, **labels) + 1, labels
    buckets = [
        key
        for key in after
        if key[0] == "winloss_http_request_duration_seconds_bucket"
        and ("view", "healthz") in key[1]
    ]
    assert buckets


def test_background_tasks_are_timed_by_task_and_outcome(scrape, workspace):
    path = "winloss.operate.tests.test_metrics.tally"
    before = scrape()
    tally.enqueue(Job.objects.create(workspace=workspace, label="Tally").pk)  # runs inline
    tally.enqueue(0)  # no such job: fails
    after = scrape()
    ran = "winloss_task_duration_seconds_count"
    for status in ("successful", "failed"):
        assert _count(after, ran, task=path, status=status) == (
            _count(before, ran, task=path, status=status) + 1
        )
    waited = "winloss_task_wait_seconds_count"
    assert _count(after, waited, task=path) == _count(before, waited, task=path) + 2


def test_the_queue_is_counted_from_the_database_at_each_scrape(scrape, settings):
    from winloss.coding.tasks import suggest_for_program

    settings.TASKS = {**settings.TASKS, "database": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert _count(scrape(), "winloss_tasks_waiting") == 0
    suggest_for_program.using(backend="database").enqueue(0, program_id=0)
    suggest_for_program.using(backend="database").enqueue(0, program_id=0)
    samples = scrape()
    assert _count(samples, "winloss_tasks_waiting") == 2
    assert _count(samples, "winloss_tasks_running") == 0
    assert 0 <= _count(samples, "winloss_task_oldest_waiting_seconds") < 60


SERVE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
import django
django.setup()
from django.test import Client
for _ in range(int(sys.argv[1])):
    assert Client().get("/healthz", HTTP_HOST="127.0.0.1").status_code == 200
answer = Client().get(
    "/metrics", HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION="Bearer " + os.environ["METRICS_TOKEN"]
)
sys.stdout.write(answer.content.decode())
"""


def test_in_multiprocess_mode_a_scrape_adds_up_every_process(tmp_path):
    """What gunicorn's workers do: separate processes, one folder; any of them answers for all.
    The folder holds no database tables: the queue is left out, the requests still counted."""
    folder = tmp_path / "metrics"
    folder.mkdir()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path / "data"),
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
    }
    env.pop("DATABASE_URL", None)

    def serve(requests: int) -> str:
        done = subprocess.run(
            [sys.executable, "-c", SERVE, str(requests)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    serve(2)
    serve(3)
    samples = _samples(serve(0))
    name = "winloss_http_request_duration_seconds_count"
    assert _count(samples, name, view="healthz", method="GET", status="200") == 5
    # The two earlier scrapes were counted, each in its own process.
    assert _count(samples, name, view="metrics", method="GET", status="200") == 2
    assert len(list(folder.iterdir())) == 3  # one file per process
    assert not any(name == "winloss_tasks_waiting" for name, _ in samples)


def test_a_short_metrics_token_is_refused_naming_the_variable(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path), "METRICS_TOKEN": "short"}
    done = subprocess.run(
        [sys.executable, "-m", "winloss", "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stderr.startswith("winloss: METRICS_TOKEN must be at least 16 characters.")
