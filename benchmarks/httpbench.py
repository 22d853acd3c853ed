"""What the HTTP benchmarks share: a small client that keeps cookies as a browser does, servers
started on loopback (winloss under gunicorn), their CPU time, and the machine's load.

Every server is started with an environment WITHOUT ``PYTHONDONTWRITEBYTECODE``: some shells
set it, and then every Python process compiles all of its sources again at start (seconds for
Django and its stack), which a user's installation never does: it caches bytecode.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
HOST = "127.0.0.1"  # loopback only: nothing here listens on or calls another address
CLK_TCK = os.sysconf("SC_CLK_TCK")


def load() -> str:
    """The machine's load average (1, 5 and 15 minutes), as printed beside every figure."""
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a server or command runs with: this one without
    ``PYTHONDONTWRITEBYTECODE`` (see the module's docstring), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


class Client:
    """One browser on one server: a kept-alive connection (opened again when the server closes
    it, as gunicorn's sync workers do), the cookies it was given, and fixed extra headers."""

    def __init__(self, port: int, headers: dict[str, str] | None = None, timeout: float = 120):
        self.port, self.timeout = port, timeout
        self.headers = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Response:
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body or None, headers=sent)
                raw = self.conn.getresponse()
                data = raw.read()
                break
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                # The server closed a kept-alive connection between two requests: reconnect.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
                if attempt == 2:
                    raise
        for header in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post_form(self, path: str, fields: dict, headers: dict | None = None) -> Response:
        body = urlencode(fields).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, body, h)

    def post_json(self, path: str, data, headers: dict | None = None) -> Response:
        h = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return self.request("POST", path, json.dumps(data).encode(), h)

    def post_multipart(
        self, path: str, fields: dict, files: dict, headers: dict | None = None
    ) -> Response:
        """``files`` maps a field to (filename, content type, bytes), as a browser's FormData."""
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, ctype, data) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        h = {"Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})}
        return self.request("POST", path, b"".join(parts), h)

    def close(self) -> None:
        self.conn.close()


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and every live process under it:
    the server's own work, whatever else shares the machine."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except (OSError, IndexError, ValueError):
            continue
    return total


def wait_until_up(port: int, path: str, proc: subprocess.Popen, limit: float = 180) -> None:
    """Poll ``path`` until the server answers (any status), or fail with its output."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"server on port {port} did not answer within {limit:.0f} s")


def ensure_gunicorn() -> Path:
    """gunicorn in winloss's virtualenv, installed at run time when missing: a server to
    measure with, not a dependency of winloss (any WSGI server will do for users)."""
    binary = VENV / "bin" / "gunicorn"
    if not binary.exists():
        subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "gunicorn"], check=True, env=clean_env()
        )
    return binary


def winloss_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """How the benchmarks run winloss: production settings (DEBUG off, HTTPS behind a proxy
    on loopback, so the client sends ``X-Forwarded-Proto: https``), its own DATA_DIR."""
    (data_dir / "static").mkdir(parents=True, exist_ok=True)
    return clean_env(
        DATA_DIR=str(data_dir),
        DEBUG="0",
        SECRET_KEY="benchmark-only-" + "x" * 40,
        BEHIND_PROXY="1",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="winloss.settings",
        **extra,
    )


def start_gunicorn(
    env: dict[str, str], *, workers: int = 1, threads: int = 1, log: Path | None = None
) -> tuple[subprocess.Popen, int]:
    """winloss under gunicorn on a free loopback port; returns the master process and port."""
    port = free_port()
    cmd = [
        str(ensure_gunicorn()),
        "winloss.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "300",
        "--graceful-timeout",
        "5",
    ]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the server
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    wait_until_up(port, "/healthz", proc)
    return proc, port


def log_in(port: int, email: str, password: str) -> Client:
    """A browser-like session signed in to winloss behind its HTTPS proxy header."""
    web = Client(port, {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"})
    web.timeout = 30
    web.get("/accounts/login/")
    form = {
        "username": email,
        "password": password,
        "csrfmiddlewaretoken": web.cookies["csrftoken"],
    }
    response = web.post_form("/accounts/login/", form)
    assert response.status == 302, ("login refused", email, response.status)
    return web


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this script started (its own process group only)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def python() -> str:
    return str(VENV / "bin" / "python") if (VENV / "bin" / "python").exists() else sys.executable
