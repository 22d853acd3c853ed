"""winloss beside Taguette, over HTTP, on the same transcripts and codes.

    .venv/bin/python benchmarks/taguette_compare.py      # 200 × 6,000 words, 2,000 codes, 3 rounds
    .venv/bin/python benchmarks/taguette_compare.py --transcripts 10 --codes 50 --rounds 1 \
        --no-write

Taguette (the open-source qualitative coding tool, https://www.taguette.org) is installed from
PyPI into this benchmark's own virtualenv under the scratch folder (``--scratch``, default
/tmp/winloss-bench/taguette-venv); it is never a dependency of winloss. Each round starts both
servers afresh on loopback, each on a new SQLite database:

- winloss under gunicorn (1 sync worker, DEBUG off, HTTPS behind a proxy as production runs;
  gunicorn is installed into winloss's .venv at run time if missing), logged in through its
  login form as a browser is;
- Taguette 1.x as its own ``taguette`` command starts it (single-user, its default), logged in
  with the token it prints; its check for news on taguette.org is switched off so that nothing
  leaves the machine. It logs every request (its default), to a file.

Each side is one process on one core (Taguette's Tornado server; one gunicorn worker), each
with its own default SQLite settings (Taguette: a rollback journal; winloss: WAL).

Both get the same generated two-speaker WebVTT files (about 6,000 words each) and are driven
the way their browser clients drive them (read from Taguette's web handlers and its
``taguette.js``): one multipart POST per transcript (Taguette: ``/api/project/P/document/new``;
winloss: the interview's transcript upload form; redirects are not followed on either side);
one POST per coded excerpt of 30 characters (Taguette: ``/document/D/highlight/new`` with one
tag; winloss: ``POST /api/v1/interviews/{id}/excerpts`` with a theme and a direction); and the
CSV and XLSX export of every excerpt (median of 3). The order of the two alternates from one
round to the next. Servers get an environment without PYTHONDONTWRITEBYTECODE (a user's
installation caches bytecode; with it set, every start compiles all sources again).

Reported per side: the wall time seen by the client, the server's CPU time (its process tree,
from /proc: steadier than wall time on a shared machine), the ratio Taguette ÷ winloss, and the
machine's load average beside each figure. Figures go into benchmarks/RESULTS.md under
"## Beside Taguette" unless ``--no-write``.
"""

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import venv
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coding_loop import THEMES, sign_off, vtt
from httpbench import (
    ROOT,
    Client,
    clean_env,
    free_port,
    fresh_dir,
    load,
    log_in,
    python,
    start_gunicorn,
    stop,
    tree_cpu,
    wait_until_up,
    winloss_env,
)

TAGUETTE = "taguette==1.5.2"
DIRECTIONS = ["win_driver", "loss_driver", "neutral"]
# Taguette as its command starts it, without the daily fetch of news from taguette.org.
LAUNCHER = (
    "import sys, taguette.web.base as b;"
    "b.Application.check_messages = lambda self: self.messages_event.set();"
    "from taguette.main import main; sys.argv[0] = 'taguette'; main()"
)


# --- Setting up (not timed) -------------------------------------------------------------------


def ensure_taguette(venv_dir: Path, spec: str) -> Path:
    """Taguette in its own virtualenv (created and installed once, then reused)."""
    py = venv_dir / "bin" / "python"
    check = [str(py), "-c", "import taguette, sys; print(taguette.__version__)"]
    if py.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return py
    venv.create(venv_dir, with_pip=True, clear=True)
    subprocess.run([str(py), "-m", "pip", "install", "-q", spec], check=True, env=clean_env())
    return py


def prepare_winloss(data_dir: str, interviews: int) -> None:
    """(Runs in its own process.) A migrated database with a workspace, an admin with an API
    token and a program of ``interviews`` validated interviews whose consent allows
    transcripts; their ids go to meta.json beside it."""
    from harness import setup_django

    setup_django(data_dir, debug=False, test_client=False)
    from coding_loop import build

    from winloss.accounts.tokens import create_token
    from winloss.coding.queries import codebook_for
    from winloss.testing import PASSWORD

    workspace, program, admin, _analyst, made = build(interviews)
    codebook_for(workspace)
    _, raw = create_token(user=admin, workspace=workspace, name="bench")
    meta = {
        "slug": workspace.slug,
        "program": program.pk,
        "interviews": [i.pk for i in made],
        "email": admin.email,
        "password": PASSWORD,
        "token": raw,
    }
    Path(data_dir, "meta.json").write_text(json.dumps(meta))


def winloss_template(scratch: Path, interviews: int, reuse: bool = False) -> Path:
    """The database every round starts from (copied, never changed), built in its own process;
    with ``reuse``, one built by an earlier run of the same size is taken as it is."""
    folder = scratch / f"winloss-template-{interviews}"
    if reuse and (folder / "meta.json").exists():
        return folder
    folder = fresh_dir(folder)
    subprocess.run(
        [python(), __file__, "--prepare", str(folder), "--transcripts", str(interviews)],
        check=True,
        cwd=ROOT,
        env=clean_env(),
    )
    return folder


class _Text(HTMLParser):
    """The text of a Taguette document as its offsets count it (its text nodes, unescaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _snippets(rng: random.Random, texts: list[str], count: int) -> list[tuple[int, int, int]]:
    """``count`` picks of (document index, start, end), 30 characters of words each."""
    picks = []
    while len(picks) < count:
        doc = rng.randrange(len(texts))
        text = texts[doc]
        start = rng.randrange(0, max(1, len(text) - 40))
        if text[start : start + 30].strip():
            picks.append((doc, start, start + 30))
    return picks


# --- The two sides ----------------------------------------------------------------------------


class Timer:
    """Wall and server CPU time of one step, with the load at its end."""

    def __init__(self, server_pid: int):
        self.pid = server_pid

    def __enter__(self):
        self.cpu0, self.t0 = tree_cpu(self.pid), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = tree_cpu(self.pid) - self.cpu0
        self.load = load()


def _step(t: Timer, n: int, each: list[float] | None = None) -> dict:
    step = {"wall": t.wall, "cpu": t.cpu, "n": n, "load": t.load}
    if each:
        step["median"] = statistics.median(each)
        step["p95"] = sorted(each)[max(0, int(len(each) * 0.95) - 1)]
    return step


def _exports(client: Client, pid: int, url: str, runs: int = 3) -> dict:
    times, cpus, size = [], [], 0
    for _ in range(runs):
        with Timer(pid) as t:
            response = client.get(url)
        assert response.status == 200, (url, response.status, response.body[:300])
        times.append(t.wall)
        cpus.append(t.cpu)
        size = len(response.body)
    return {
        "wall": statistics.median(times),
        "cpu": statistics.median(cpus),
        "bytes": size,
        "load": load(),
    }


def run_winloss(args, template: Path, files: list[bytes], round_no: int) -> dict:
    meta = json.loads((template / "meta.json").read_text())
    data_dir = fresh_dir(Path(args.scratch) / f"winloss-round-{round_no}")
    for db in template.glob("winloss.sqlite3*"):
        shutil.copy(db, data_dir / db.name)
    proc, port = start_gunicorn(winloss_env(data_dir), log=data_dir / "gunicorn.log")
    try:
        web = log_in(port, meta["email"], meta["password"])
        base = f"/w/{meta['slug']}/programs/{meta['program']}"
        assert web.get(f"{base}/code/").status == 200  # warm: the worker's first page
        steps = {}

        with Timer(proc.pid) as t:
            for number, (interview, data) in enumerate(zip(meta["interviews"], files, strict=True)):
                r = web.post_multipart(
                    f"{base}/interviews/{interview}/transcripts/upload/",
                    {"csrfmiddlewaretoken": web.cookies["csrftoken"], "format": "auto"},
                    {"file": (f"call-{number:03}.vtt", "text/vtt", data)},
                )
                # Kept: a redirect to the transcript itself (a refusal goes back to the list).
                assert r.status == 302 and "/transcripts/" in r.headers["location"]
                assert not r.headers["location"].endswith("/transcripts/"), r.headers
        steps["import"] = _step(t, len(files))

        with sqlite3.connect(data_dir / "winloss.sqlite3") as db:
            sign_off(db, meta["program"])
            turns = db.execute(
                "SELECT t.id, tr.interview_id, t.text FROM interviews_transcriptturn t "
                "JOIN interviews_transcript tr ON tr.id = t.transcript_id ORDER BY t.id"
            ).fetchall()
        rng = random.Random(7)
        bearer = {"Authorization": f"Bearer {meta['token']}"}
        api = Client(port, {"X-Forwarded-Proto": "https", **bearer})
        each = []
        with Timer(proc.pid) as t:
            for _ in range(args.codes):
                turn_id, interview_id, text = rng.choice(turns)
                start = rng.randrange(0, max(1, len(text) - 40))
                body = {
                    "transcript_turn_id": turn_id,
                    "start": start,
                    "end": start + 30,
                    "text": text[start : start + 30],
                    "theme": rng.choice(THEMES),
                    "direction": rng.choice(DIRECTIONS),
                }
                one = time.perf_counter()
                r = api.post_json(f"/api/v1/interviews/{interview_id}/excerpts", body)
                each.append(time.perf_counter() - one)
                assert r.status == 200, (r.status, r.body[:300])
        steps["code"] = _step(t, args.codes, each)
        steps["csv"] = _exports(web, proc.pid, f"{base}/code/export/?format=csv")
        steps["xlsx"] = _exports(web, proc.pid, f"{base}/code/export/?format=xlsx")
        return steps
    finally:
        stop(proc)


def start_taguette(py: Path, folder: Path) -> tuple[subprocess.Popen, int, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(py),
            "-c",
            LAUNCHER,
            "--no-browser",
            "--port",
            str(port),
            "--database",
            str(folder / "taguette.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        stderr=open(folder / "taguette.log", "ab"),  # noqa: SIM115 - the process owns it
        env=clean_env(),
        start_new_session=True,
    )
    found: dict[str, str] = {}

    def read() -> None:  # the join link, then keep the pipe drained
        for line in proc.stdout:
            text = line.decode(errors="replace")
            if "token=" in text and "url" not in found:
                found["url"] = text.strip()

    threading.Thread(target=read, daemon=True).start()
    wait_until_up(port, "/health", proc)
    deadline = time.monotonic() + 30
    while "url" not in found and time.monotonic() < deadline:
        time.sleep(0.1)
    token = re.search(r"token=([0-9a-f]+)", found.get("url", ""))
    if not token:
        stop(proc)
        raise RuntimeError("Taguette printed no login link")
    return proc, port, token.group(1)


def run_taguette(args, py: Path, files: list[bytes], round_no: int) -> dict:
    folder = fresh_dir(Path(args.scratch) / f"taguette-round-{round_no}")
    proc, port, token = start_taguette(py, folder)
    try:
        web = Client(port)
        web.get(f"/?token={token}")
        web.get("/project/new")  # sets the _xsrf cookie, as the page does for the browser
        xsrf = web.cookies["_xsrf"]
        new = {"name": "Benchmark", "description": "", "_xsrf": xsrf}
        made = web.post_form("/project/new", new)
        project = int(made.headers["location"].rstrip("/").rsplit("/", 1)[1])
        q = f"?_xsrf={xsrf}"
        tags = []
        for theme in THEMES:  # the codebook: one tag a theme
            tag = {"path": theme, "description": ""}
            r = web.post_json(f"/api/project/{project}/tag/new{q}", tag)
            tags.append(r.json()["id"])
        assert web.get(f"/project/{project}").status == 200  # warm: the project page
        steps = {}

        docs = []
        with Timer(proc.pid) as t:
            for number, data in enumerate(files):
                r = web.post_multipart(
                    f"/api/project/{project}/document/new",
                    {
                        "name": f"call-{number:03}",
                        "description": "",
                        "text_direction": "LEFT_TO_RIGHT",
                        "_xsrf": xsrf,
                    },
                    {"file": (f"call-{number:03}.vtt", "text/vtt", data)},
                )
                assert r.status == 200, (r.status, r.body[:300])
                docs.append(r.json()["created"])
        steps["import"] = _step(t, len(files))

        texts = []
        for doc in docs:  # what the browser loads to show a document (not timed)
            parser = _Text()
            shown = web.get(f"/api/project/{project}/document/{doc}/contents").json()
            for chunk in shown["contents"]:
                parser.feed(chunk["contents"])
            texts.append("".join(parser.parts))
        rng = random.Random(7)
        picks = _snippets(rng, texts, args.codes)
        each = []
        with Timer(proc.pid) as t:
            for doc, start, end in picks:
                one = time.perf_counter()
                r = web.post_json(
                    f"/api/project/{project}/document/{docs[doc]}/highlight/new{q}",
                    {"start_offset": start, "end_offset": end, "tags": [rng.choice(tags)]},
                )
                each.append(time.perf_counter() - one)
                assert r.status == 200, (r.status, r.body[:300])
        steps["code"] = _step(t, args.codes, each)
        steps["csv"] = _exports(web, proc.pid, f"/project/{project}/export/highlights/.csv")
        steps["xlsx"] = _exports(web, proc.pid, f"/project/{project}/export/highlights/.xlsx")
        return steps
    finally:
        stop(proc)


# --- Reporting ---------------------------------------------------------------------------------

STEPS = [
    ("import", "import {n} transcripts"),
    ("code", "code {n} excerpts, one request each"),
    ("csv", "CSV export of every excerpt"),
    ("xlsx", "XLSX export of every excerpt"),
]


def _figure(step: str, s: dict, what: str) -> float:
    """The compared figure: per request for coding, the whole step otherwise."""
    if step == "code":
        return s[what] / s["n"]
    return s[what]


def _fmt(seconds: float, per_request: bool) -> str:
    return f"{seconds * 1000:.1f} ms" if per_request else f"{seconds:.2f} s"


def summary(rounds: dict[str, list[dict]]) -> tuple[str, list[dict]]:
    rows, lines = [], []
    for step, label in STEPS:
        n = rounds["winloss"][0][step].get("n", 0)
        row = {"step": label.format(n=f"{n:,}")}
        for what in ("wall", "cpu"):
            for side in ("taguette", "winloss"):
                row[f"{side}_{what}"] = statistics.median(
                    _figure(step, r[step], what) for r in rounds[side]
                )
            row[f"ratio_{what}"] = row[f"taguette_{what}"] / max(row[f"winloss_{what}"], 1e-9)
        row["loads"] = sorted({r[step]["load"] for side in rounds for r in rounds[side]})
        per = step == "code"
        lines.append(
            f"{row['step']:<40} Taguette {_fmt(row['taguette_wall'], per):>9} "
            f"(CPU {_fmt(row['taguette_cpu'], per)})  winloss {_fmt(row['winloss_wall'], per):>9} "
            f"(CPU {_fmt(row['winloss_cpu'], per)})  ratio {row['ratio_wall']:.1f}× "
            f"(CPU {row['ratio_cpu']:.1f}×)  [{row['loads'][0]} … {row['loads'][-1]}]"
        )
        rows.append(row)
    return "\n".join(lines), rows


def write_results(args, rows: list[dict], rounds: dict, started_load: str) -> None:
    from harness import machine, write_section

    table = [
        "| step | Taguette | winloss | ratio | server CPU: Taguette / winloss (ratio) "
        "| load at the end of the step |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        per = row["step"].startswith("code")
        table.append(
            f"| {row['step']} | {_fmt(row['taguette_wall'], per)} | "
            f"{_fmt(row['winloss_wall'], per)} | {row['ratio_wall']:.1f}× | "
            f"{_fmt(row['taguette_cpu'], per)} / "
            f"{_fmt(row['winloss_cpu'], per)} ({row['ratio_cpu']:.1f}×) | "
            f"{row['loads'][0]} … {row['loads'][-1]} |"
        )
    body = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine(sqlite=True)}, "
        f"{started_load} at the start, with `.venv/bin/python benchmarks/taguette_compare.py "
        f"--transcripts {args.transcripts} --codes {args.codes} --rounds {args.rounds}`: "
        f"{TAGUETTE} (single-user, SQLite) against winloss under gunicorn (1 sync worker, DEBUG "
        "off, SQLite), both over HTTP on loopback and driven as their browser clients drive them, "
        f"{args.transcripts} generated WebVTT transcripts of about {args.words:,} words each and "
        f"{args.codes:,} coded excerpts; the median of {args.rounds} rounds, the order of the two "
        "alternating. Coding is per request (the median request's wall time is in the JSON "
        "the script prints); exports are the median of 3 calls. Server CPU is the server's "
        "process tree (from /proc), which moves less than wall time when other work shares the "
        "cores.\n\n" + "\n".join(table)
    )
    write_section("Beside Taguette", body + "\n\n" + NOTES.strip())


NOTES = """
What each side does per step. **Import:** Taguette turns the WebVTT file into one HTML
document (subtitle-parser) and stores it as one row; winloss parses it into
speaker turns (its one-pass reader for the WebVTT meeting tools export, webvtt-py for any other
shape, then its own merge of a speaker's consecutive cues), guesses who is who, checks consent,
stores about 120 turn rows with one multi-row INSERT, and logs the upload: 11 SQL statements,
the interview and all its checks in one query.
**Coding:** Taguette parses the whole 6,000-word HTML document with BeautifulSoup on every
highlight to cut its snippet, then commits with SQLite's default rollback journal (an fsync);
winloss checks the token, the interview's validation, the passage's words and the theme, then
writes the excerpt, the per-interview summary and the audit entry (12 SQL statements, WAL).
**Exports:** both read every excerpt in one query; Taguette writes the XLSX with XlsxWriter
to a temporary file, winloss in memory up to 20,000 rows.

Where winloss's time goes, for the steps short of 10× (profiles in-process with cProfile, and
`benchmarks/floor.py` over HTTP):

- *Import* (one multipart POST a transcript; in process about 13 ms of CPU each under load,
  from 25 ms before the one-pass reader and the folded queries): the floor every signed-in page
  pays (session, user, time zone, membership) about a quarter; reading the file about a sixth
  (webvtt-py's path took nearly four times as long); the one query for the interview and its
  checks about a fifth (Django compiling a five-table join); the transaction (consent again,
  three INSERTs, the commit) and Django's multipart parsing the rest. Ten times Taguette is
  about 2.5–3 ms of server CPU an upload, under the floor of one signed-in request on this
  stack (about 3 ms): out of reach while an upload is a Django request with a session.
- *Coding one excerpt* (about 8–10 ms of server CPU on this machine under load): the floor
  under any API call is about 3 ms (gunicorn's sync worker about 1 ms a request for its HTTP
  parsing and a new connection each time, Django's middleware 0.2 ms, the token check and
  django-ninja 1.6 ms); the coding itself is 12 statements, each 0.3–0.5 ms of Django building
  its SQL. Reaching 2.5 ms would need the checks in one statement and the writes in one round
  trip, which the ORM does not offer; the bulk endpoint (`POST /api/v1/excerpts/bulk`) already
  codes at about 0.4 ms an excerpt.
- *XLSX export*: about four fifths is XlsxWriter's own work per cell (a cell object when
  written, its XML when the file is closed; 28,000 cells for 2,000 excerpts, about 5 µs each),
  the rest the one query and local times. Its `constant_memory` mode is slower still (1.6×).
  Ten times Taguette needs about a third of XlsxWriter's cost per cell: a compiled writer or
  a minimal one of our own for this one sheet, a dependency or hand-rolled code to decide.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=200)
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scratch", default="/tmp/winloss-bench")
    parser.add_argument("--taguette", default=TAGUETTE, help="pip requirement for Taguette")
    parser.add_argument("--only", choices=["winloss", "taguette"], help="run one side only")
    parser.add_argument(
        "--reuse-template", action="store_true", help="start from the last run's winloss data"
    )
    parser.add_argument("--no-write", action="store_true", help="Print; leave RESULTS.md alone")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # internal: the winloss template
    args = parser.parse_args()
    if args.prepare:
        prepare_winloss(args.prepare, args.transcripts)
        return

    scratch = Path(args.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    started_load = load()
    print(f"start: {started_load}", flush=True)
    py = ensure_taguette(scratch / "taguette-venv", args.taguette)
    rng = random.Random(11)
    files = [vtt(rng, args.words) for _ in range(args.transcripts)]
    template = winloss_template(scratch, args.transcripts, reuse=args.reuse_template)
    sides = ["winloss", "taguette"] if not args.only else [args.only]
    rounds: dict[str, list[dict]] = {"winloss": [], "taguette": []}
    for number in range(args.rounds):
        order = sides if number % 2 == 0 else sides[::-1]
        for side in order:
            if side == "winloss":
                steps = run_winloss(args, template, files, number)
            else:
                steps = run_taguette(args, py, files, number)
            rounds[side].append(steps)
            print(f"round {number + 1} {side}: " + json.dumps(steps), flush=True)
    if args.only:
        return
    text, rows = summary(rounds)
    print(text)
    if not args.no_write:
        write_results(args, rows, rounds, started_load)


if __name__ == "__main__":
    main()
