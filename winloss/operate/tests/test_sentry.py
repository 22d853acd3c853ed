"""Sentry gets unexpected errors, and nothing that could hold a respondent's words or a
secret: sent for real to a small Sentry-shaped server on loopback, from a process started with
production's settings and ``SENTRY_DSN``."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

EMAIL = "jordan.buyer@customer.example"
QUOTE = "Your pricing page hid the per-seat cost until the third call"
SECRETS = {
    "path token": "pathSECRETtoken123",
    "query token": "querySECRETtoken456",
    "cookie": "cookieSECRETvalue789",
    "bearer token": "bearerSECRETtoken000",
    "email": EMAIL,
    "quote": QUOTE,
}

# Served by a real WSGI server, as gunicorn would: Sentry reads the request from the WSGI
# environ, which the test client does not go through.
FAIL = f"""
import http.client, os, threading, urllib.parse
from wsgiref.simple_server import WSGIRequestHandler, make_server
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "winloss.settings")
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
import sentry_sdk

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

application = get_wsgi_application()
with override_settings(ROOT_URLCONF="winloss.operate.tests.failing_urls"):
    server = make_server("127.0.0.1", 0, application, handler_class=Quiet)
    threading.Thread(target=server.handle_request).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port)
    connection.request(
        "POST",
        "/fail/{SECRETS["path token"]}/?token={SECRETS["query token"]}",
        body=urllib.parse.urlencode({{"email": "{EMAIL}", "quote": "{QUOTE}"}}),
        headers={{
            "Host": "127.0.0.1",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "csrftoken={SECRETS["cookie"]}",
            "Authorization": "Bearer {SECRETS["bearer token"]}",
            "X-Request-ID": "edge-req-42",
        }},
    )
    print(connection.getresponse().status)
    server.server_close()
# An error logged outside any request (a worker's): its message may quote anything.
import logging
logging.getLogger("winloss.outreach").error("No answer from %s about %r", "{EMAIL}", "{QUOTE}")
sentry_sdk.flush(timeout=10)
"""


class _Sentry(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def sentry_server():
    received: list[bytes] = []
    handler = type("Handler", (_Sentry,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()


def _items(envelope: bytes) -> list[dict]:
    """The envelope's items: a header line, then each item's header and payload lines."""
    lines = envelope.decode().splitlines()[1:]
    return [json.loads(payload) for payload in lines[1::2]]


def test_an_error_reaches_sentry_without_respondent_data_or_secrets(sentry_server, tmp_path):
    port, received = sentry_server
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-only-key-for-the-sentry-process",
        "HTTPS_ONLY": "0",
        "DATA_DIR": str(tmp_path),
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
        "SENTRY_RELEASE": "winloss@test",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", FAIL], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "500"

    items = [item for envelope in received for item in _items(envelope)]
    events = [item for item in items if "exception" in item]
    assert len(events) == 1, received
    (event,) = events
    (error,) = event["exception"]["values"]
    assert error["type"] == "RuntimeError"
    assert error["value"] == "Could not send the quote (60 characters) to [email]"
    frames = error["stacktrace"]["frames"]
    assert frames[-1]["function"] == "fail" and frames[-1]["context_line"].strip()
    assert not any("vars" in frame for frame in frames)
    assert event["request"] == {
        "method": "POST",
        "url": "http://127.0.0.1/fail/…/",
        "headers": {
            "Host": "127.0.0.1",
            "Content-Type": event["request"]["headers"]["Content-Type"],
            "Content-Length": event["request"]["headers"]["Content-Length"],
            "X-Request-Id": "edge-req-42",
        },
    }
    assert event["tags"]["request_id"] == "edge-req-42"
    assert event["tags"]["view"] == "fail"
    assert (event["environment"], event["release"]) == ("production", "winloss@test")
    assert "extra" not in event and not event.get("user")

    (logged,) = [item for item in items if item.get("logger") == "winloss.outreach"]
    assert logged["logentry"] == {"message": "No answer from %s about %r"}
    # The request's log lines came before it; as breadcrumbs only SQL statements are kept.
    crumbs = [*event.get("breadcrumbs", {}).get("values", [])]
    crumbs += logged.get("breadcrumbs", {}).get("values", [])
    assert all(crumb["category"] == "query" for crumb in crumbs), crumbs

    everything = b"\n".join(received).decode()
    leaked = [name for name, secret in SECRETS.items() if secret in everything]
    assert not leaked, f"sent to Sentry: {leaked}"
    # The process's own lines for the failure name the request, not the token either; the
    # request's line is a warning, so that Sentry does not file the error twice.
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    (access,) = [line for line in lines if line["logger"] == "winloss.request"]
    assert (access["level"], access["status"], access["path"]) == ("WARNING", 500, "/fail/…/")
    assert access["request_id"] == "edge-req-42"
    assert SECRETS["path token"] not in done.stderr
