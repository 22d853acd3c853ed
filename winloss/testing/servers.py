"""Helpers for tests that run winloss as real processes: a free loopback port, a fresh
database of the suite's engine, and a person's browser speaking plain HTTP to the server."""

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def fresh_database(data_dir: Path) -> Iterator[dict[str, str]]:
    """The environment of a winloss process on a new, empty database: with ``DATABASE_URL``
    on PostgreSQL, a uniquely named database on the same server (dropped afterwards); else
    SQLite in ``data_dir``, which the process's ``DATA_DIR`` names."""
    url = os.environ.get("DATABASE_URL", "")
    env = {"DATA_DIR": str(data_dir)}
    if not url.startswith(("postgres://", "postgresql://")):
        yield env
        return
    import psycopg

    name = f"winloss_e2e_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """A person's browser: keeps cookies, sends the CSRF token, never follows redirects
    (``location`` holds where the last answer pointed)."""

    def __init__(self, base: str) -> None:
        self.base, self.jar, self.location = base, CookieJar(), ""
        self.opener = build_opener(HTTPCookieProcessor(self.jar), _NoRedirect())

    def send(
        self, path: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        status, body = self.fetch(path, data, headers)
        return status, body.decode(errors="replace")

    def fetch(
        self, path: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        request = Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                self.location = response.headers.get("Location", "")
                return response.status, response.read()
        except HTTPError as error:
            self.location = error.headers.get("Location", "")
            return error.code, error.read()

    def post(
        self, path: str, fields: dict | list[tuple[str, str]], files: dict | None = None
    ) -> tuple[int, str]:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        pairs = [
            ("csrfmiddlewaretoken", token),
            *(fields.items() if isinstance(fields, dict) else fields),
        ]
        headers = {"Referer": self.base + path}
        if not files:
            body = urlencode(pairs).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            boundary = uuid.uuid4().hex
            head = '--{}\r\nContent-Disposition: form-data; name="{}"'
            parts = [(head.format(boundary, k) + f"\r\n\r\n{v}\r\n").encode() for k, v in pairs]
            for name, (filename, content) in files.items():
                disposition = head.format(boundary, name) + f'; filename="{filename}"'
                parts.append(f"{disposition}\r\n\r\n".encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return self.send(path, body, headers)

    def log_in(self, email: str, password: str) -> int:
        self.send("/accounts/login/")
        return self.post("/accounts/login/", {"username": email, "password": password})[0]


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
