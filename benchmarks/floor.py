"""The per-request floor: what gunicorn, Django's middleware and authentication cost before a
view does anything, beside the coding request that sits on top of it.

    .venv/bin/python benchmarks/floor.py                  # 1,000 requests of each kind
    .venv/bin/python benchmarks/floor.py --requests 100

Part 1, over HTTP: winloss under gunicorn (1 sync worker, DEBUG off, SQLite, HTTPS behind a
proxy on loopback; an environment without PYTHONDONTWRITEBYTECODE, see httpbench.py), one
request at a time, each kind in turn:

- ``GET /healthz``: no session, no token; the middleware and one ``SELECT 1``;
- ``GET /api/v1/programs/{id}``: the personal-token check and one lookup (the API's floor);
- ``GET /w/{ws}/`` logged in with a session: the session, the user, the membership check and
  a redirect to the programs (the floor of every page);
- ``POST /api/v1/interviews/{id}/excerpts``: coding one excerpt of a transcript.

Each reports the client's median wall time and the server's CPU time per request (its
process tree from /proc, over all requests of the kind; steadier than wall time when other
work shares the cores).

Part 2, in this process: Django's WSGI handler called directly (no server, no socket) for
``/healthz``, with the project's middleware and with none, which splits the floor into the
middleware and the rest. Nothing is written to RESULTS.md: the figures are printed, with the
load average, for the "Per-request floor" section.
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coding_loop import THEMES, sign_off, vtt
from httpbench import Client, fresh_dir, load, log_in, start_gunicorn, stop, tree_cpu, winloss_env
from taguette_compare import winloss_template


def over_http(args, template: Path) -> dict:
    meta = json.loads((template / "meta.json").read_text())
    data_dir = fresh_dir(Path(args.scratch) / "floor")
    for db in template.glob("winloss.sqlite3*"):
        shutil.copy(db, data_dir / db.name)
    proc, port = start_gunicorn(
        winloss_env(data_dir), threads=args.threads, log=data_dir / "gunicorn.log"
    )
    try:
        web = log_in(port, meta["email"], meta["password"])
        base = f"/w/{meta['slug']}/programs/{meta['program']}"
        interview = meta["interviews"][0]
        upload = web.post_multipart(
            f"{base}/interviews/{interview}/transcripts/upload/",
            {"csrfmiddlewaretoken": web.cookies["csrftoken"], "format": "auto"},
            {"file": ("call.vtt", "text/vtt", vtt(random.Random(3), 6000))},
        )
        assert upload.status == 302, upload.status
        with sqlite3.connect(data_dir / "winloss.sqlite3") as db:
            sign_off(db, meta["program"])
            turns = db.execute("SELECT id, text FROM interviews_transcriptturn").fetchall()
        api = Client(
            port, {"X-Forwarded-Proto": "https", "Authorization": f"Bearer {meta['token']}"}
        )
        anonymous = Client(port, {"X-Forwarded-Proto": "https"})
        rng = random.Random(5)

        def code():
            turn_id, text = rng.choice(turns)
            start = rng.randrange(0, len(text) - 40)
            body = {
                "transcript_turn_id": turn_id,
                "start": start,
                "end": start + 30,
                "text": text[start : start + 30],
                "theme": rng.choice(THEMES),
                "direction": "neutral",
            }
            return api.post_json(f"/api/v1/interviews/{interview}/excerpts", body)

        kinds = {
            "GET /healthz (no session, no token)": lambda: anonymous.get("/healthz"),
            "GET /api/v1/programs/{id} (token)": lambda: api.get(
                f"/api/v1/programs/{meta['program']}"
            ),
            "GET /w/{ws}/ (session; checked, then redirected)": lambda: web.get(
                f"/w/{meta['slug']}/"
            ),
            "POST /api/v1/interviews/{id}/excerpts (coding one excerpt)": code,
        }
        figures = {}
        for name, call in kinds.items():
            for _ in range(20):  # warm: the worker's first requests import and compile
                assert call().status in (200, 302), name
            each = []
            cpu0 = tree_cpu(proc.pid)
            for _ in range(args.requests):
                one = time.perf_counter()
                response = call()
                each.append(time.perf_counter() - one)
                assert response.status in (200, 302), (name, response.status)
            cpu = (tree_cpu(proc.pid) - cpu0) / args.requests
            figures[name] = {"wall_ms": statistics.median(each) * 1000, "cpu_ms": cpu * 1000}
            print(
                f"{name:<60} wall {figures[name]['wall_ms']:6.2f} ms  "
                f"server CPU {figures[name]['cpu_ms']:6.2f} ms  [{load()}]",
                flush=True,
            )
        return figures
    finally:
        stop(proc)


def in_process(args, template: Path) -> None:
    """The WSGI handler without a server: the whole stack, then without the middleware."""
    data_dir = fresh_dir(Path(args.scratch) / "floor-inproc")
    for db in template.glob("winloss.sqlite3*"):
        shutil.copy(db, data_dir / db.name)
    os.environ.update(winloss_env(data_dir))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    def environ() -> dict:
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/healthz",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_X_FORWARDED_PROTO": "https",
            "wsgi.url_scheme": "http",
            "wsgi.input": __import__("io").BytesIO(),
            "wsgi.errors": sys.stderr,
        }

    def per_request(handler) -> float:
        for _ in range(50):
            b"".join(handler(environ(), lambda *a: None))
        start = time.process_time()
        for _ in range(args.requests):
            b"".join(handler(environ(), lambda *a: None))
        return (time.process_time() - start) / args.requests * 1000

    full = per_request(WSGIHandler())
    with override_settings(MIDDLEWARE=[]):
        bare = per_request(WSGIHandler())
    print(
        f"in process, GET /healthz through Django's WSGI handler: {full:.2f} ms CPU with the "
        f"middleware, {bare:.2f} ms without (the middleware: {full - bare:.2f} ms)  [{load()}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--threads", type=int, default=1, help="over 1: gunicorn's gthread worker (keep-alive)"
    )
    parser.add_argument("--http-only", action="store_true", help="skip the in-process part")
    parser.add_argument("--scratch", default="/tmp/winloss-bench")
    args = parser.parse_args()
    print(f"start: {load()}; gunicorn threads {args.threads}", flush=True)
    template = winloss_template(Path(args.scratch), 1)
    over_http(args, template)
    if not args.http_only:
        in_process(args, template)


if __name__ == "__main__":
    main()
