"""Helpers for tests that run winloss as real processes: a free loopback port, a fresh
database of the suite's engine, and a person's browser speaking plain HTTP to the server."""

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
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

    def submit(
        self,
        page: str,
        action: str,
        fields: dict[str, str | list[str]] | None = None,
        files: dict | None = None,
    ) -> tuple[int, str]:
        """Open ``page``, fill the form whose action ends with ``action`` (fields not named in
        ``fields`` keep what the page put in them) and send it, as a person clicking would."""
        status, html = self.send(page)
        assert status == 200, f"{page} answered {status}"
        found = [f for f in forms_of(html) if (f.action or page).split("?")[0].endswith(action)]
        assert found, (
            f"no form posting to …{action} on {page}: {[f.action for f in forms_of(html)]}"
        )
        form = found[0]
        values = [(k, v) for k, v in form.values(fields or {}) if k != "csrfmiddlewaretoken"]
        return self.post(form.action or page, values, files)

    def log_in(self, email: str, password: str) -> int:
        self.send("/accounts/login/")
        return self.post("/accounts/login/", {"username": email, "password": password})[0]


class Form:
    """One ``<form>`` of a page as a browser would send it untouched: its action, and the value
    of every field (checked boxes, selected options, text areas), in order."""

    def __init__(self, action: str, method: str) -> None:
        self.action, self.method = action, method.lower()
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[tuple[str, str]] = []

    def values(self, overrides: dict[str, str | list[str]]) -> list[tuple[str, str]]:
        kept = [(k, v) for k, v in self.fields if k not in overrides]
        for name, value in overrides.items():
            kept += [(name, v) for v in ([value] if isinstance(value, str) else value)]
        return kept


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get")))
        if not self.forms or "disabled" in a:
            return
        form, name = self.forms[-1], a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image", "button"):
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind != "file":
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._option, self._text = a.get("value"), ""
            self._select[2].append((a.get("value", "\0"), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None and self._option is None:
            _, was_selected = self._select[2].pop()
            self._select[2].append((self._text.strip(), was_selected))
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [v for v, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            self.forms[-1].fields += [(name, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None


def forms_of(page: str) -> list[Form]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextmanager
def webhook_receiver() -> Iterator[tuple[str, list[dict]]]:
    """A local stand-in for a Slack or Teams incoming webhook, in a thread: its address and
    the JSON bodies it was posted, in order."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()
        server.server_close()
