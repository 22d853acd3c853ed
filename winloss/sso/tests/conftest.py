"""The test provider (``provider/serve.py``) as a fixture, and winloss configured to use it."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from .provider.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def allow_redirect(self, uri: str) -> None:
        requests.post(
            f"{self.url}/test/redirect-uri/", {"client_id": CLIENT_ID, "uri": uri}, timeout=5
        ).raise_for_status()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _serving(
    module: str, args: list[str], *, ready: str, log_path: Path, what: str
) -> Iterator[None]:
    """``python -m module args`` as a process of its own, until the block ends; waits until
    ``ready`` answers (one minute at most), naming ``what`` and its log if it never does."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(ready, timeout=2)
                break
            except requests.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"The test {what} did not start:\n" + log_path.read_text()
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[Provider]:
    """django-oidc-provider in its own process and database, for the whole test run."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("provider")
    provider = Provider(f"http://127.0.0.1:{port}")
    with _serving(
        "winloss.sso.tests.provider.serve",
        [str(port), str(folder / "db")],
        ready=f"{provider.issuer}/.well-known/openid-configuration",
        log_path=folder / "provider.log",
        what="OpenID provider",
    ):
        yield provider


@pytest.fixture
def sso_settings(db, settings, oidc_provider: Provider) -> Provider:
    """winloss signing in through the test provider, its endpoints discovered."""
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    return oidc_provider


def sign_in_at_provider(client: Client, email: str, *, next: str = "/", password: str = PASSWORD):
    """The whole authorization-code flow: winloss sends the test client to the provider, a
    person (here ``requests``) signs in there over real HTTP, and the provider sends them back
    to winloss's callback. The page winloss ends on, redirects followed."""
    start = client.get("/oidc/authenticate/", {"next": next})
    assert start.status_code == 302, start
    person = requests.Session()
    url = start["Location"]
    for _ in range(10):
        if urlsplit(url).netloc == "testserver":
            return client.get(url, follow=True)
        answer = person.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and 'name="password"' in answer.text:
            answer = person.post(
                answer.url,
                {
                    "username": email,
                    "password": password,
                    "csrfmiddlewaretoken": person.cookies["provider_csrftoken"],
                    "next": _next_field(answer.text),
                },
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code in (301, 302), f"The provider answered {answer.status_code}"
        url = requests.compat.urljoin(answer.url, answer.headers["Location"])
    raise AssertionError("The provider never sent the person back to winloss.")


def _next_field(page: str) -> str:
    import html
    import re

    found = re.search(r'name="next" value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else ""


# SAML ----------------------------------------------------------------------------------------

SAML_AUDIENCE = "https://winloss.test/saml/metadata/"


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory) -> Iterator[str]:
    """The test SAML identity provider (``saml_idp/serve.py``) in its own process; its
    address. It signs for the entity id ``SAML_AUDIENCE``."""
    from .saml_idp import serve

    port = _free_port()
    with _serving(
        serve.__name__,
        [str(port), SAML_AUDIENCE],
        ready=f"http://127.0.0.1:{port}/metadata",
        log_path=tmp_path_factory.mktemp("saml_idp") / "idp.log",
        what="SAML identity provider",
    ):
        yield f"http://localhost:{port}"


@pytest.fixture
def saml_settings(db, settings, saml_idp: str) -> str:
    """winloss signing in through the test identity provider, with Entra's attribute names."""
    from .saml_idp.serve import EMAIL, GROUPS, NAME

    settings.OIDC_RP_CLIENT_ID = ""
    settings.SAML_IDP_METADATA_URL = f"{saml_idp}/metadata"
    settings.SAML_SP_ENTITY_ID = SAML_AUDIENCE
    settings.SAML_EMAIL_ATTRIBUTE = EMAIL
    settings.SAML_NAME_ATTRIBUTE = NAME
    settings.SAML_GROUPS_ATTRIBUTE = GROUPS
    settings.SAML_EMAIL_DOMAINS = ["acme.test"]
    return saml_idp


def saml_response_from_idp(client: Client, login: str, *, next: str = "/") -> dict[str, str]:
    """Start a sign-in at winloss and sign in at the identity provider over real HTTP; the
    form the provider's page would post back to winloss (action, SAMLResponse, RelayState)."""
    import html
    import re

    from .saml_idp.serve import PASSWORD as IDP_PASSWORD

    start = client.get("/saml/login/", {"next": next})
    assert start.status_code == 302, start
    person = requests.Session()
    page = person.get(start["Location"], timeout=10)
    assert "Example Company sign-in" in page.text
    fields = dict(re.findall(r'name="(SAMLRequest|RelayState)" value="([^"]*)"', page.text))
    fields = {name: html.unescape(value) for name, value in fields.items()}
    answer = person.post(
        urljoin(page.url, "/sso"),
        {**fields, "username": login, "password": IDP_PASSWORD},
        timeout=10,
    )
    action = re.search(r'<form method="post" action="([^"]*)"', answer.text)
    assert action, answer.text
    posted = dict(re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', answer.text))
    return {"action": html.unescape(action.group(1)), **posted}


def post_to_acs(client: Client, form: dict[str, str]):
    """Post the identity provider's form to winloss as the browser would; the page it ends on."""
    assert urlsplit(form["action"]).path == "/saml/acs/"
    fields = {k: v for k, v in form.items() if k != "action"}
    return client.post("/saml/acs/", fields, follow=True)


def sign_in_at_idp(client: Client, login: str, *, next: str = "/"):
    return post_to_acs(client, saml_response_from_idp(client, login, next=next))
