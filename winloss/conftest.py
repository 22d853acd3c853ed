"""Standing fixtures: one workspace with a named person in every role, an outsider, a real
SMTP server, a migrated data folder for a real ``winloss`` process. Tests log people in with
``force_login`` (the login throttle wants a request)."""

import asyncio
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from winloss.accounts.roles import Role
from winloss.testing import make_member, make_workspace
from winloss.testing.snapshot import memory_copy

pytest_plugins = ["winloss.browser", "winloss.testing.storage"]

# No test asserts on time, Hypothesis's 200 ms per example included: on a shared two-core
# machine a slow example is the machine, not the code.
hypothesis_settings.register_profile("winloss", deadline=None)
hypothesis_settings.load_profile("winloss")


@pytest.fixture(autouse=True, scope="session")
def _fast_settings(tmp_path_factory):
    """For the whole run, so rows that a module builds once are made with them too."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Files the tests keep (uploads, published reports) never land in the checkout's data
        # folder; a test that looks at its files sets a folder of its own.
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        # pytest-django turns DEBUG off while tests run, so WhiteNoise would list every static
        # file each time a test client starts (a fifth of a second on a busy machine); finding
        # the file a request asks for, as under `make run`, serves the same files.
        WHITENOISE_AUTOREFRESH=True,
        # Kept figures in each test process's memory: test databases reuse workspace ids, and
        # files would be shared by the processes of a parallel run.
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "figures": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "figures",
            },
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: one test's requests must not throttle the next."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["figures"].clear()  # kept figures (activity.figures) of another test's data


@pytest.fixture
def workspace(db):
    return make_workspace(slug="acme", name="Acme Corp")


@pytest.fixture
def people(workspace):
    """One member of ``workspace`` per role, keyed by role value."""
    return {
        role.value: make_member(workspace, role, email=f"{role.value}@acme.example")
        for role in Role
    }


@pytest.fixture
def outsider(db):
    """An analyst of another workspace: must never see anything of ``workspace``."""
    other = make_workspace(slug="globex", name="Globex")
    return make_member(other, Role.ANALYST, email="outsider@globex.example")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; Django sends to it through its SMTP backend."""
    # aiosmtpd logs every connection at INFO, sometimes after pytest has closed its capture.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()
        asyncio.set_event_loop(None)


_migrated_copy: dict[str, sqlite3.Connection] = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database; on SQLite, a copy of it as migrated, before any test
    writes to it, for the tests that run a real ``winloss`` process."""
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = memory_copy(connection.connection)
            # No test of this run asked for the database: pytest-django made none.
            made = copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'")
            if made.fetchone():
                _migrated_copy["sqlite"] = copy


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, tmp_path_factory) -> Path:
    """A SQLite database file holding every migration, to copy. When the tests run on SQLite it
    is the test database as migrated, written out with SQLite's backup API (migrating again
    in a new process takes seconds); on another engine ``winloss migrate`` makes it."""
    data = tmp_path_factory.mktemp("migrated")
    target = data / "winloss.sqlite3"
    copy = _migrated_copy.get("sqlite")
    if copy is not None:
        with sqlite3.connect(target) as out:
            copy.backup(out)
            # As `winloss migrate` leaves a file: in WAL mode already. Otherwise two processes
            # started on a copy race to switch it, and the loser's first query fails "database
            # is locked" (changing the journal mode does not wait for the other).
            out.execute("PRAGMA journal_mode=WAL")
        out.close()
        return target
    env = {**os.environ, "DEBUG": "1", "DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "winloss", "migrate", "-v0"], env=env, check=True, timeout=600
    )
    return target


@pytest.fixture
def migrated_data_dir(migrated_database, tmp_path) -> Path:
    """A data folder whose SQLite database ``winloss migrate`` has made, for the tests that run
    a real ``winloss`` process: migrating takes seconds, so it is done once per test process
    and copied. Mark such tests ``xdist_group("migrated-sqlite")`` to share that one run."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(migrated_database, data / migrated_database.name)
    return data
