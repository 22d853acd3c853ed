"""While another connection holds the write lock too long, a request answers 503, not 500."""

import json
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import Client

from winloss.accounts.models import User
from winloss.accounts.roles import Role
from winloss.testing import make_member


@contextmanager
def held_write_lock():
    """Another connection in the middle of a write transaction, while the block runs."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                User.objects.filter(pk=0).update(name="")  # takes the write lock
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    yield
    release.set()
    thread.join()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer")
@pytest.mark.django_db(transaction=True)
def test_a_login_that_cannot_get_the_write_lock_is_asked_to_retry(workspace, monkeypatch):
    user = make_member(workspace, Role.ANALYST, email="alice@acme.example")
    user.set_password("correct horse battery staple")
    user.save()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.2)
    connection.close()  # reconnect with the short timeout
    with held_write_lock():
        response = Client(raise_request_exception=False).post(
            "/accounts/login/",
            {"username": "alice@acme.example", "password": "correct horse battery staple"},
        )
    connection.close()  # and with the usual one again
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Nothing was changed. Try again in 5 seconds." in response.content.decode()


def test_an_api_caller_gets_the_same_answer_as_json(rf):
    from django.db import OperationalError

    from winloss.lib.busy import handle_error

    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = handle_error(rf.get("/api/v1/deals"))
    assert response.status_code == 503
    assert "Try again in 5 seconds" in json.loads(response.content)["detail"]


def test_any_other_error_is_still_a_500(rf):
    from winloss.lib.busy import handle_error

    try:
        raise ValueError("a bug")
    except ValueError:
        assert handle_error(rf.get("/")).status_code == 500


def test_the_error_page_gives_the_requests_reference_for_the_logs(rf):
    from winloss.lib.busy import handle_error

    request = rf.get("/")
    request.request_id = "7f3a9c0e2b1d4e5f"  # as the request-id middleware sets it
    try:
        raise ValueError("a bug")
    except ValueError:
        response = handle_error(request)
    page = response.content.decode()
    assert response.status_code == 500 and "Something went wrong" in page
    assert "quote its reference: <code>7f3a9c0e2b1d4e5f</code>" in page
