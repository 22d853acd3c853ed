"""``/readyz`` answers whether this process can work, naming what fails; ``/healthz`` only
that it answers."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from winloss.coding.tasks import suggest_for_program
from winloss.lib.files import walk


@pytest.mark.django_db
def test_ready_with_the_database_the_files_and_the_waiting_work_counted(settings, stored_files):
    # Queued as production queues it (the tests run tasks inline), for no worker to take.
    settings.TASKS = {
        **settings.TASKS,
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    suggest_for_program.using(backend="database").enqueue(0, program_id=0)
    answer = Client().get("/readyz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "storage": "ok"}
    assert body["queue"]["waiting"] == DBTaskResult.objects.ready().count() == 1
    assert list(walk()) == []  # the probe file is gone


@pytest.mark.django_db
def test_not_ready_when_stored_files_cannot_be_written(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    answer = Client().get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["storage"].startswith(f"stored files cannot be written in {blocker}")


@pytest.mark.django_db
def test_not_ready_when_the_bucket_refuses(settings, s3_files, monkeypatch):
    from winloss.settings import files_storage

    monkeypatch.setenv("S3_BUCKET", "no-such-bucket")
    settings.STORAGES = {**settings.STORAGES, "default": files_storage()}
    answer = Client().get("/readyz")
    assert answer.status_code == 503
    reason = answer.json()["checks"]["storage"]
    assert reason.startswith("stored files cannot be written in the bucket no-such-bucket at ")
    assert "NoSuchBucket" in reason


def test_healthz_answers_without_the_database(client):
    # No database access is allowed in this test: pytest-django refuses any query.
    assert client.get("/healthz").json() == {"status": "ok"}


PRODUCTION = {"ALLOWED_HOSTS": ["winloss.example.com"], "SECURE_SSL_REDIRECT": True}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_by_address_over_plain_http_in_production(settings, path):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    # As a container health check or a load balancer asks: the address, no TLS.
    answer = Client().get(path, HTTP_HOST="10.0.0.5:8000")
    assert answer.status_code == 200


@pytest.mark.django_db
def test_every_other_page_still_checks_the_host_and_redirects_to_https(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    assert Client().get("/accounts/login/", HTTP_HOST="10.0.0.5:8000").status_code == 400
    redirected = Client().get("/accounts/login/", HTTP_HOST="winloss.example.com")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://winloss.example.com/accounts/login/"


def test_probes_refuse_anything_but_get():
    assert Client().post("/healthz").status_code == 405


@pytest.fixture
def silent_server():
    """A server that takes connections and never answers: a bucket's host gone quiet."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@pytest.mark.django_db
def test_not_ready_when_the_buckets_server_stops_answering(settings, silent_server, monkeypatch):
    """botocore alone would wait a minute a read over five tries; S3_TIMEOUT bounds it."""
    from winloss.settings import files_storage

    for name, value in {
        "S3_BUCKET": "quiet",
        "S3_ENDPOINT_URL": silent_server,
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_REGION": "eu-west-3",
        "S3_TIMEOUT": "1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": files_storage()}
    answer = Client().get("/readyz")
    assert answer.status_code == 503
    reason = answer.json()["checks"]["storage"]
    assert reason.startswith("stored files cannot be written in the bucket quiet at ")
    assert "timeout" in reason.lower() or "timed out" in reason.lower()
