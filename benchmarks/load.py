"""A team's load: analysts reading program pages while interviewers' notes autosave.

    .venv/bin/python benchmarks/load.py                               # PostgreSQL, 5 workers, 60 s
    .venv/bin/python benchmarks/load.py --database sqlite --workers 3 --duration 20

The data is the demo workspace (`winloss demo`: 8,800 CRM deals, four quarterly waves, a
finished wave of 21 validated and coded interviews with its published report, an active wave
with its sample and approved guide), plus one interview in progress per simulated interviewer.
It is built in a database of its own: on PostgreSQL (127.0.0.1:5432, user postgres) a database
named ``winloss_bench_<pid>``, created here and dropped at the end; on SQLite a scratch folder.

winloss then runs under gunicorn with ``--workers`` sync workers on loopback (DEBUG off, HTTPS
behind a proxy; an environment without PYTHONDONTWRITEBYTECODE, see httpbench.py), and this
script plays ``--analysts`` analysts and ``--interviewers`` interviewers in threads, each
logged in with its own session (logins happen before the clock starts):

- an analyst opens one of the program pages at random (programs, overview, sample, health,
  interviews, coding, analysis, actions and report of the finished wave; overview and sample
  of the active one), then reads it for ``--think`` seconds (uniform between the two bounds);
- an interviewer's notes autosave every ``--autosave`` seconds: a POST of the note's text,
  a few words longer each time, to the interview screen's autosave endpoint (JSON, with the
  version it last saw, as interview.js sends it).

The run is bounded: ``--duration`` seconds or ``--max-requests`` in all, whichever comes
first, and every request has a timeout. Printed: requests, errors (any status other than the
page's own, a timeout or a refused connection), p50/p95/p99 of the response time (all, pages,
autosaves, and per page), requests a second, the server's CPU per request (its process tree,
from /proc) and the SQL queries of each page (counted once in-process, through Django's test
Client on the same data), with the load average at the start and the end. Before the clock
starts, each page is also requested ``--alone`` times by one client with nothing else running:
its server CPU alone, the figure to set beside the 15 ms a page aimed at.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpbench import (
    ROOT,
    Client,
    clean_env,
    fresh_dir,
    load,
    log_in,
    python,
    start_gunicorn,
    stop,
    tree_cpu,
    winloss_env,
)

PG = "postgres://postgres@127.0.0.1:5432"


def prepare(data_dir: str, database_url: str, interviewers: int) -> None:
    """(Runs in its own process.) The demo workspace, ``interviewers`` interviews in progress,
    the analysts' pages and their query counts, into meta.json."""
    from harness import setup_django

    setup_django(data_dir, database_url, debug=False)
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from winloss.accounts.models import User
    from winloss.demo import content
    from winloss.demo.build import build_demo_workspace
    from winloss.interviews.access import start_refusal
    from winloss.interviews.services import start_interview
    from winloss.outreach.services import ConsentAnswers
    from winloss.programs.models import EntryStatus, Program, ProgramStatus, SampleEntry

    build_demo_workspace()
    active = Program.objects.get(workspace__slug=content.SLUG, status=ProgramStatus.ACTIVE)
    done = (
        Program.objects.filter(workspace=active.workspace, status=ProgramStatus.CLOSED)
        .order_by("-pk")
        .first()
    )
    people = [User.objects.get(email=e) for e in content.INTERVIEWER_EMAILS]
    started = []
    entries = SampleEntry.objects.filter(program=active, status=EntryStatus.SELECTED)
    for entry in entries.select_related("deal", "interviewer").order_by("pk"):
        if len(started) == interviewers:
            break
        # The deal's assigned interviewer holds its interview; another may start an unassigned
        # one that is not their own deal (interviews.access says which).
        person = entry.interviewer or people[len(started) % len(people)]
        if start_refusal(entry, person):
            continue
        interview = start_interview(
            entry,
            user=person,
            confirmed=ConsentAnswers(
                notes_allowed=True,
                recording_allowed=False,
                transcription_allowed=False,
                attribution="anonymous",
            ),
        )
        started.append(
            {
                "email": person.email,
                "save": reverse(
                    "interviews:save_note",
                    kwargs={
                        "ws": content.SLUG,
                        "program_id": active.pk,
                        "interview_id": interview.pk,
                    },
                ),
            }
        )
    assert len(started) == interviewers, f"only {len(started)} interviews could start"

    ws = content.SLUG
    names = [
        ("programs:list", {}),
        ("programs:overview", {"program_id": done.pk}),
        ("programs:sample", {"program_id": done.pk}),
        ("programs:health", {"program_id": done.pk}),
        ("interviews:list", {"program_id": done.pk}),
        ("coding:code", {"program_id": done.pk}),
        ("analysis:analyse", {"program_id": done.pk}),
        ("actions:list", {"program_id": done.pk}),
        ("reports:report", {"program_id": done.pk}),
        ("programs:overview", {"program_id": active.pk}),
        ("programs:sample", {"program_id": active.pk}),
    ]
    client = DjangoClient()
    client.force_login(User.objects.get(email=content.ANALYST_EMAIL))
    pages = []
    for name, kwargs in names:
        url = reverse(name, kwargs={"ws": ws, **kwargs})
        client.get(url, secure=True)  # warm: what one worker has done once
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        label = name + (" (active wave)" if kwargs.get("program_id") == active.pk else "")
        pages.append({"url": url, "name": label, "queries": len(captured)})
    meta = {
        "analyst": content.ANALYST_EMAIL,
        "password": content.PASSWORD,
        "pages": pages,
        "interviewers": started,
    }
    Path(data_dir, "meta.json").write_text(json.dumps(meta))


class Run:
    """What every simulated person records, and when they stop."""

    def __init__(self, args):
        self.deadline = time.monotonic() + args.duration
        self.left = args.max_requests
        self.lock = threading.Lock()
        self.records: list[tuple[str, float, bool]] = []  # (kind, seconds, ok)
        self.errors: dict[str, int] = {}
        self.last = time.monotonic()

    def go_on(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True

    def record(self, kind: str, seconds: float, ok: bool, why: str = "") -> None:
        with self.lock:
            self.records.append((kind, seconds, ok))
            self.last = time.monotonic()
            if not ok:
                self.errors[why] = self.errors.get(why, 0) + 1


def _timed(run: Run, kind: str, call, expected: int = 200) -> dict | None:
    start = time.perf_counter()
    try:
        response = call()
    except OSError as error:  # refused, reset or timed out
        run.record(kind, time.perf_counter() - start, False, type(error).__name__)
        return None
    ok = response.status == expected
    run.record(kind, time.perf_counter() - start, ok, "" if ok else f"HTTP {response.status}")
    return response.json() if ok and kind == "autosave" else {}


def analyst(run: Run, web: Client, pages: list[dict], think: tuple[float, float], seed: int):
    rng = random.Random(seed)
    time.sleep(rng.uniform(*think))  # people arrive spread out, not all in the same instant
    while run.go_on():
        page = rng.choice(pages)
        _timed(run, page["name"], lambda page=page: web.get(page["url"]))
        time.sleep(rng.uniform(*think))


def interviewer(run: Run, web: Client, url: str, version: int, every: float, seed: int):
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, every))
    text = "The buyer said"
    while run.go_on():
        text += " " + rng.choice(["price", "onboarding", "support", "the demo", "security"])
        form = {
            "question": "",
            "kind": "fact",
            "text": text,
            "version": version,
            "csrfmiddlewaretoken": web.cookies["csrftoken"],
        }
        body = _timed(
            run,
            "autosave",
            lambda form=form: web.post_form(url, form, {"Accept": "application/json"}),
        )
        if body:
            version = body["version"]
        time.sleep(every)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(args, run: Run, meta: dict, cpu: float, seconds: float, loads: tuple[str, str]):
    records = run.records
    every = [s for _, s, _ in records]
    pages = [s for k, s, _ in records if k != "autosave"]
    saves = [s for k, s, _ in records if k == "autosave"]
    errors = sum(not ok for _, _, ok in records)

    def line(label: str, values: list[float]) -> str:
        if not values:
            return f"{label:<32} none"
        return (
            f"{label:<32} {len(values):6,}  p50 {_pct(values, 50) * 1000:7.0f} ms  "
            f"p95 {_pct(values, 95) * 1000:7.0f} ms  p99 {_pct(values, 99) * 1000:7.0f} ms"
        )

    print(
        f"\n{args.database}, gunicorn {args.workers} sync workers, {args.analysts} analysts + "
        f"{args.interviewers} interviewers, {seconds:.0f} s; {loads[0]} at the start, "
        f"{loads[1]} at the end"
    )
    print(line("every request", every))
    print(line("pages", pages))
    print(line("autosaves", saves))
    for page in meta["pages"]:
        mine = [s for k, s, _ in records if k == page["name"]]
        print(
            line(f"  {page['name']}", mine)
            + f"  ({page['queries']} queries; alone {page.get('cpu_ms', 0):.0f} ms CPU)"
        )
    print(
        f"errors {errors} {run.errors or ''}; {len(records) / seconds:.1f} requests/s; server CPU "
        f"{cpu / max(1, len(records)) * 1000:.1f} ms a request ({cpu:.1f} s in all)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--analysts", type=int, default=40)
    parser.add_argument("--interviewers", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0))
    parser.add_argument("--autosave", type=float, default=2.0)
    parser.add_argument("--alone", type=int, default=10, help="requests of each page, alone")
    parser.add_argument("--scratch", default="/tmp/winloss-bench")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", help="a database kept by an earlier run (winloss_bench_…)")
    parser.add_argument("--prepare", nargs=2, help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare[0], args.prepare[1], args.interviewers)
        return

    start_load = load()
    print(f"start: {start_load}", flush=True)
    # A database of this run's own (or, with --reuse, one a run made with --keep).
    name = args.reuse or f"winloss_bench_{os.getpid()}"
    assert name.startswith("winloss_bench_") and name.replace("_", "").isalnum(), name
    data_dir = Path(args.scratch) / f"load-{args.database}-{name}"
    print(f"database: {name if args.database == 'postgres' else data_dir}", flush=True)
    url = f"{PG}/{name}" if args.database == "postgres" else ""
    proc = None
    try:
        if not args.reuse:
            fresh_dir(data_dir)
            if url:
                _admin(f"CREATE DATABASE {name}")
            subprocess.run(
                [python(), __file__, "--prepare", str(data_dir), url,
                 "--interviewers", str(args.interviewers)],
                check=True, cwd=ROOT, env=clean_env(),
            )  # fmt: skip
        meta = json.loads((data_dir / "meta.json").read_text())
        env = winloss_env(data_dir, **({"DATABASE_URL": url} if url else {}))
        proc, port = start_gunicorn(env, workers=args.workers, log=data_dir / "gunicorn.log")
        analysts = [log_in(port, meta["analyst"], meta["password"]) for _ in range(args.analysts)]
        people = []
        for person in meta["interviewers"]:
            web = log_in(port, person["email"], meta["password"])
            # The note's version as it stands (an earlier run may have saved it): a stale one
            # is answered 409 with the saved version, as the page's script then learns it.
            form = {"question": "", "kind": "fact", "text": "The buyer said", "version": 0,
                    "csrfmiddlewaretoken": web.cookies["csrftoken"]}  # fmt: skip
            first = web.post_form(person["save"], form, {"Accept": "application/json"})
            assert first.status in (200, 409), first.status
            people.append((web, person["save"], first.json()["version"]))
        for web in analysts[: args.workers]:  # every worker meets every page once
            for page in meta["pages"]:
                web.get(page["url"])
        # Alone first: each page's server CPU when nothing else runs on the server.
        for page in meta["pages"]:
            cpu0 = tree_cpu(proc.pid)
            for _ in range(args.alone):
                analysts[0].get(page["url"])
            page["cpu_ms"] = (tree_cpu(proc.pid) - cpu0) / args.alone * 1000
        run = Run(args)
        threads = [
            threading.Thread(
                target=analyst, args=(run, web, meta["pages"], tuple(args.think), n), daemon=True
            )
            for n, web in enumerate(analysts)
        ] + [
            threading.Thread(target=interviewer, args=(run, web, save, version, args.autosave, n))
            for n, (web, save, version) in enumerate(people)
        ]
        cpu0, started = tree_cpu(proc.pid), time.monotonic()
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, run.deadline - time.monotonic() + 60))
        cpu = tree_cpu(proc.pid) - cpu0
        seconds = run.last - started  # to the last answer, not the last reader's pause
        report(args, run, meta, cpu, seconds, (start_load, load()))
    finally:
        if proc is not None:
            stop(proc)
        if url and not args.keep:
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _admin(sql: str) -> None:
    """One statement on the server's maintenance database (this run's own database only)."""
    code = (
        "import sys, psycopg\n"
        f"with psycopg.connect({PG + '/postgres'!r}, autocommit=True) as c: c.execute(sys.argv[1])"
    )
    subprocess.run([python(), "-c", code, sql], check=True, env=clean_env())


if __name__ == "__main__":
    main()
