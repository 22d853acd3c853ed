"""Standing fixtures: one workspace with a named person in every role, an outsider, a real
SMTP server. Tests log people in with ``force_login`` (the login throttle wants a request)."""

import asyncio
import logging
import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from hypothesis import settings as hypothesis_settings

from winloss.accounts.roles import Role
from winloss.testing import make_member, make_workspace

pytest_plugins = ["winloss.browser"]

# No timed assertions: Hypothesis's 200 ms deadline per example is one, and the first example
# of a test pays for loading the library under test (scikit-learn: seconds on a busy machine).
hypothesis_settings.register_profile("winloss", deadline=None)
hypothesis_settings.load_profile("winloss")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: one test's requests must not throttle the next."""
    from django.core.cache import cache

    cache.clear()


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
