"""Every log line written while serving a request names the request (its id, method, path,
view, the person and the workspace) and nothing a respondent said or a secret; background
tasks queued by a request are joined to it by the task's id."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.test import Client
from django_tasks import task

from winloss.accounts.roles import Role
from winloss.accounts.tests.test_permission_matrix import project_routes
from winloss.jobs.models import Job, JobStatus
from winloss.jobs.services import running
from winloss.operate.json_format import JsonFormatter
from winloss.operate.logs import SECRET_ARGUMENTS, RequestContextFilter

task_logger = logging.getLogger("winloss.operate.tests")


@task()
def say_counting(job_id: int) -> None:
    with running(job_id):
        task_logger.info("Counting the deals")


@pytest.fixture
def log_lines():
    """The JSON lines the console handler writes, through the settings' own filter and
    formatter (pytest's capture replaces the handler's stream)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _access(lines: list[dict]) -> dict:
    (line,) = [line for line in lines if line["logger"] == "winloss.request"]
    return line


def test_a_request_is_logged_with_its_id_person_workspace_view_and_timing(
    workspace, people, log_lines
):
    client = Client()
    client.force_login(people[Role.ANALYST])
    response = client.get(f"/w/{workspace.slug}/programs/")
    assert response.status_code == 200
    line = _access(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32
    assert line | {"timestamp": "", "duration_ms": 0} == {
        "timestamp": "",
        "level": "INFO",
        "logger": "winloss.request",
        "message": f"GET /w/{workspace.slug}/programs/ 200 {line['message'].split()[-1]}",
        "request_id": response["X-Request-ID"],
        "method": "GET",
        "path": f"/w/{workspace.slug}/programs/",
        "view": "programs:list",
        "status": 200,
        "duration_ms": 0,
        "user_id": people[Role.ANALYST].pk,
        "workspace_id": workspace.pk,
    }
    assert line["timestamp"].endswith("+00:00") and line["duration_ms"] > 0


def test_the_proxys_request_id_is_kept_when_well_formed_and_replaced_otherwise(db, log_lines):
    kept = Client().get("/accounts/login/", HTTP_X_REQUEST_ID="edge-7f3a:1.2_b")
    assert kept["X-Request-ID"] == "edge-7f3a:1.2_b"
    for bad in ("a" * 129, "id with spaces", "id\x00null", "<script>", ""):
        answered = Client().get("/accounts/login/", HTTP_X_REQUEST_ID=bad)
        assert answered["X-Request-ID"] != bad and len(answered["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in log_lines() if line["logger"] == "winloss.request"]
    assert ids[0] == "edge-7f3a:1.2_b" and len(set(ids)) == 6


def test_djangos_own_lines_carry_the_request_and_a_respondents_link_is_masked(db, log_lines):
    token = "sEcReT-LiNk-ToKeN.abc123"
    response = Client().get(f"/r/{token}/?utm=mail&token={token}")
    lines = log_lines()
    assert {line["request_id"] for line in lines} == {response["X-Request-ID"]}
    assert _access(lines)["path"] == "/r/…/"
    assert _access(lines)["view"] == "respondent:link"
    assert token not in json.dumps(lines) and "utm" not in json.dumps(lines)


def test_a_missing_page_is_logged_by_django_with_the_request_id(db, log_lines):
    response = Client().get("/no/such/page/")
    lines = log_lines()
    assert response.status_code == 404
    warning = next(line for line in lines if line["logger"] == "django.request")
    assert warning["message"] == "Not Found: /no/such/page/"
    assert warning["request_id"] == _access(lines)["request_id"] == response["X-Request-ID"]


def test_a_failed_login_logs_no_email_and_no_password(db, people, log_lines):
    email = people[Role.ANALYST].email
    Client().post("/accounts/login/", {"username": email, "password": "wrong-Password-1"})
    text = json.dumps(log_lines())
    assert email not in text and "wrong-Password-1" not in text
    assert "POST /accounts/login/ 200" in text


def test_an_email_address_in_a_message_or_a_traceback_is_not_written(log_lines):
    from smtplib import SMTPRecipientsRefused

    refusal = SMTPRecipientsRefused({"jordan@customer.example": (550, b"5.1.1 unknown user")})
    outreach = logging.getLogger("winloss.outreach.tasks")
    outreach.warning("Outreach message %s failed: %s", 7, refusal)
    try:
        raise refusal
    except SMTPRecipientsRefused:
        outreach.exception("Sending to %s failed", "jordan@customer.example")
    warning, error = log_lines()
    assert warning["message"] == (
        "Outreach message 7 failed: {'[email]': (550, b'5.1.1 unknown user')}"
    )
    assert error["message"] == "Sending to [email] failed"
    assert "SMTPRecipientsRefused" in error["exc_info"]
    assert "jordan@" not in json.dumps([warning, error])


# Committed for real, so that the task is queued when the request's transaction commits.
@pytest.mark.django_db(transaction=True)
def test_a_task_started_by_a_request_runs_inline_under_both_ids(workspace, people, log_lines):
    job = _failed_job(workspace)
    client = Client()
    client.force_login(people[Role.ADMIN])
    response = client.post(f"/w/{workspace.slug}/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    lines = log_lines()
    queued = next(line for line in lines if line["message"].startswith("Task queued"))
    counting = next(line for line in lines if line["message"] == "Counting the deals")
    assert queued["request_id"] == counting["request_id"] == response["X-Request-ID"]
    assert queued["task_id"] == counting["task_id"]
    assert counting["task"] == "winloss.operate.tests.test_logs.say_counting"
    assert "task_id" not in _access(lines)  # the task's context ended with it


# The worker reads committed rows and closes its connections, as a worker process would.
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_is_logged_by_the_worker_under_its_task_id(
    workspace, people, settings, log_lines
):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = _failed_job(workspace)
    client = Client()
    client.force_login(people[Role.ADMIN])
    response = client.post(f"/w/{workspace.slug}/jobs/{job.pk}/retry/")
    queued = next(line for line in log_lines() if line["message"].startswith("Task queued"))
    assert queued["request_id"] == response["X-Request-ID"]

    call_command("worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())

    counting = next(line for line in log_lines() if line["message"] == "Counting the deals")
    assert counting["task_id"] == queued["task_id"] in queued["message"]
    assert "request_id" not in counting  # another process: the task id joins them
    assert Job.objects.exclude(pk=job.pk).get().status == JobStatus.SUCCEEDED


def _failed_job(workspace) -> Job:
    return Job.objects.create(
        workspace=workspace,
        label="Count",
        status=JobStatus.FAILED,
        task_path="winloss.operate.tests.test_logs.say_counting",
        task_kwargs={},
    )


# Route arguments whose values may be logged: ids, the workspace's slug, a chart's or a file
# format's name.
PLAIN = {
    "ws",
    "fmt",
    "chart",
    "dimension",
    "cut",
    "kind",
    "pk",
    "number",
}


def test_every_route_argument_is_known_to_be_secret_or_plain():
    unknown = {
        f"{name} in {route.name}"
        for route in project_routes()
        for name in route.kwargs
        if not name.endswith("_id") and name not in PLAIN | SECRET_ARGUMENTS
    }
    assert not unknown, (
        "Say whether these route arguments may be written to the logs (PLAIN here) or are "
        f"secrets to mask (SECRET_ARGUMENTS in operate/logs.py): {sorted(unknown)}"
    )


PROBE = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
import django
django.setup()
from django.test import Client
Client().get("/r/a-link-token/", HTTP_HOST="127.0.0.1")
"""


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_log_format_sets_what_the_console_gets(tmp_path, log_format):
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path), "LOG_FORMAT": log_format}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    lines = done.stderr.strip().splitlines()
    assert lines and done.stdout == ""  # stdout stays the commands' own output
    if log_format == "json":
        parsed = [json.loads(line) for line in lines]  # every line is one JSON object
        access = next(line for line in parsed if line["logger"] == "winloss.request")
        assert {"timestamp", "level", "logger", "message", "request_id"} <= set(access)
        assert access["path"] == "/r/…/"
    else:
        access = next(line for line in lines if " INFO winloss.request [" in line)
        assert access.endswith("ms") and " GET /r/…/ 410 " in access
    assert "a-link-token" not in done.stderr


def test_a_log_format_that_is_neither_is_refused_naming_the_variable(tmp_path):
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path), "LOG_FORMAT": "yaml"}
    done = subprocess.run(
        [sys.executable, "-m", "winloss", "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert done.stderr.strip() == "winloss: LOG_FORMAT must be 'text' or 'json'; got 'yaml'"


FIRST_REQUESTS = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
import django
django.setup()
from django.test import Client
for path in ("/healthz", "/healthz", "/r/a-link-token/"):
    print(Client().get(path, HTTP_HOST="127.0.0.1").status_code)
"""


def test_a_new_process_serves_although_a_library_logs_while_the_routes_load(tmp_path):
    # As in a new container: the first request imports the routes, which import matplotlib,
    # which builds its font cache and logs it. Resolving that line's path then imported the
    # routes a second time, half-done, and the process answered 500 from then on.
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(tmp_path), "LOG_FORMAT": "json"}
    env |= {"MPLCONFIGDIR": str(tmp_path / "matplotlib")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUESTS], env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == ["200", "200", "410"], done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stderr.splitlines()]
    font = next(line for line in lines if line["message"] == "generated new fontManager")
    assert font["path"] == "…"  # the route that says what to mask is not known yet
    access = [line["path"] for line in lines if line["logger"] == "winloss.request"]
    assert access == ["/r/…/"]  # the probes' lines are DEBUG
    assert "a-link-token" not in done.stderr
