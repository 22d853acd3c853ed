"""Login throttling: failures count per account and address, and a lockout holds even for
the right password, answered exactly like a wrong one."""

import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from winloss.accounts.roles import Role
from winloss.testing import make_member

PASSWORD = "correct horse battery staple"
LOGIN = "/accounts/login/"


@pytest.fixture
def alice(workspace):
    user = make_member(workspace, Role.ANALYST, email="alice@acme.example")
    user.set_password(PASSWORD)
    user.save()
    return user


def _try(client: Client, email: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _unmasked(page: bytes) -> str:
    return re.sub(r'"X-CSRFToken": "\w+"', "", page.decode())


def _wrong(client: Client, email: str, times: int, ip: str = "10.0.0.1") -> list[int]:
    return [_try(client, email, "wrong password", ip).status_code for _ in range(times)]


def test_after_the_limit_even_the_right_password_is_refused_like_a_wrong_one(alice, settings):
    client = Client()
    _wrong(client, alice.email, settings.AXES_FAILURE_LIMIT)
    right = _try(client, alice.email, PASSWORD)
    wrong = _try(client, alice.email, "another wrong password")
    assert right.status_code == wrong.status_code == 429
    # Nothing tells a right guess from a wrong one (but the CSRF token, masked anew each time).
    assert _unmasked(right.content) == _unmasked(wrong.content)
    assert "_auth_user_id" not in client.session


def test_failures_are_counted_against_the_account_that_was_tried(alice, settings):
    _wrong(Client(), alice.email, 2)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == alice.email and attempt.failures_since_start == 2


def test_one_persons_failures_do_not_lock_a_colleague_behind_the_same_address(
    alice, workspace, settings
):
    bob = make_member(workspace, Role.ANALYST, email="bob@acme.example")
    bob.set_password(PASSWORD)
    bob.save()
    _wrong(Client(), alice.email, settings.AXES_FAILURE_LIMIT)
    assert _try(Client(), bob.email, PASSWORD).status_code == 302


def test_the_lockout_is_for_the_account_from_that_address(alice, settings):
    _wrong(Client(), alice.email, settings.AXES_FAILURE_LIMIT, ip="10.0.0.1")
    assert _try(Client(), alice.email, PASSWORD, ip="10.0.0.2").status_code == 302


def test_an_admin_sees_the_lockout_and_lifts_it(alice, settings, admin_client):
    _wrong(Client(), alice.email, settings.AXES_FAILURE_LIMIT)
    page = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert alice.email in page
    attempt = AccessAttempt.objects.get(username=alice.email)
    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert _try(Client(), alice.email, PASSWORD).status_code == 302


def test_the_command_line_lifts_an_accounts_lockout(alice, settings):
    _wrong(Client(), alice.email, settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", alice.email)
    assert _try(Client(), alice.email, PASSWORD).status_code == 302


def test_changing_the_case_of_the_address_does_not_buy_more_guesses(alice, settings):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(client, alice.email.upper() if n % 2 else f" {alice.email}", "wrong password")
    assert _try(client, alice.email, PASSWORD).status_code == 429
