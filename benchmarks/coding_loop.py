"""Coding loop benchmark: transcripts in, excerpts coded through the API, excerpts exported.

    .venv/bin/python benchmarks/coding_loop.py                  # 200 transcripts, 2,000 codes
    .venv/bin/python benchmarks/coding_loop.py --interviews 20 --codes 200 --no-write

In a fresh SQLite database (its own DATA_DIR) with DEBUG off and HTTPS on, as production runs
(DEBUG=1 records every query and renders debug pages: not what people wait for), it makes N
interviews in progress with a consent allowing transcripts, then times:

- attaching one generated WebVTT transcript of about 6,000 words to each interview through
  ``transcript_services.attach_transcript`` (the total, and the slowest one);
- (the interviews then completed and validated in the database, untimed, as coding needs)
- coding excerpts of the transcripts' turns with ``POST /api/v1/interviews/{id}/excerpts``
  through Django's test Client with a personal API token (the median and the 95th percentile
  per excerpt, and the SQL queries of one call);
- each export of every coded excerpt, CSV (the streamed body read to the end) and XLSX: the
  median of 3 calls after a warm-up, through the Client as the analyst.

Figures go into benchmarks/RESULTS.md under "## Coding loop" (only that section is rewritten).
"""

import argparse
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import setup_django as _setup

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Coding loop"
BATCH = 100  # excerpts a bulk call
THEMES = [
    "product_fit", "pricing_commercial", "competitive_displacement", "sales_process",
    "messaging_positioning", "implementation_risk", "procurement_legal",
]  # fmt: skip
PHRASES = (
    "we compared the pricing the onboarding plan and the integration story with two other "
    "vendors and the security review took longer than anyone expected because procurement "
    "asked for references the rep promised a roadmap item that never arrived our team liked "
    "the product demo but the contract terms were hard to accept"
)
WORDS = PHRASES.split(" ")


def vtt(rng: random.Random, words: int) -> bytes:
    """A two-speaker WebVTT file of about ``words`` words, 50 a turn."""
    lines, second, said, cue = ["WEBVTT", ""], 0, 0, 0
    while said < words:
        # Alternating speakers: cues of one speaker in a row are read as one turn.
        speaker = "Bob Buyer" if cue % 2 else "Ivy Interviewer"
        cue += 1
        text = " ".join(rng.choice(WORDS) for _ in range(50))
        start, end = second, second + 20
        lines += [
            f"{start // 3600:02}:{start // 60 % 60:02}:{start % 60:02}.000 --> "
            f"{end // 3600:02}:{end // 60 % 60:02}:{end % 60:02}.000",
            f"<v {speaker}>{text}",
            "",
        ]
        second, said = end, said + 50
    return "\n".join(lines).encode()


def build(interviews: int):
    from winloss.accounts.roles import Role
    from winloss.interviews.models import InterviewStatus
    from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
    from winloss.testing import make_interview, make_member, make_program, make_workspace

    workspace = make_workspace(slug="bench")
    admin = make_member(workspace, Role.ADMIN)  # attaches transcripts and codes
    analyst = make_member(workspace, Role.ANALYST)  # downloads the exports
    program = make_program(workspace, name="Benchmark wave")
    made = []
    for _ in range(interviews):
        # In progress, as an interview is while its transcript is attached; ``sign_off``
        # completes and validates it for coding once the transcripts are in.
        interview = make_interview(
            program, ["We chose on price."], interviewer=admin, validated=False
        )
        interview.status, interview.completed_at = InterviewStatus.IN_PROGRESS, None
        appointment = begin_appointment(interview.entry)
        record_consent(
            appointment,
            ConsentAnswers(
                notes_allowed=True,
                recording_allowed=True,
                transcription_allowed=True,
                attribution="anonymous",
            ),
            given_by="benchmark",
        )
        interview.appointment = appointment
        interview.save(update_fields=["appointment", "status", "completed_at"])
        made.append(interview)
    return workspace, program, admin, analyst, made


# The interviewer completes and a reviewer signs off: only validated interviews are coded.
SIGN_OFF_SQL = [
    "UPDATE interviews_interview SET status = 'completed', completed_at = CURRENT_TIMESTAMP "
    "WHERE program_id = ?",
    "UPDATE interviews_validation SET status = 'signed_off', decided_at = CURRENT_TIMESTAMP "
    "WHERE interview_id IN (SELECT id FROM interviews_interview WHERE program_id = ?)",
]


def sign_off(cursor, program_id: int, mark: str = "?") -> None:
    """Every interview of the program completed and validated, straight in the database (not
    timed): ``cursor`` is Django's (``mark="%s"``) or a sqlite3 connection beside a server."""
    for sql in SIGN_OFF_SQL:
        cursor.execute(sql.replace("?", mark), [program_id])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument("--no-write", action="store_true", help="Print; leave RESULTS.md alone")
    args = parser.parse_args()
    _setup(tempfile.mkdtemp(prefix="wl-coding-bench-"), debug=False)

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from winloss.accounts.tokens import create_token
    from winloss.coding.queries import codebook_for
    from winloss.interviews.models import TranscriptTurn
    from winloss.interviews.transcripts.services import attach_transcript

    load_before = os.getloadavg()[0]
    rng = random.Random(11)
    workspace, program, admin, analyst, interviews = build(args.interviews)
    codebook_for(workspace)
    files = [vtt(rng, args.words) for _ in interviews]

    each = []
    started, started_cpu = time.perf_counter(), time.process_time()
    for interview, data in zip(interviews, files, strict=True):
        one = time.perf_counter()
        attach_transcript(
            interview, upload=SimpleUploadedFile("call.vtt", data), format="webvtt", user=admin
        )
        each.append(time.perf_counter() - one)
    import_total = time.perf_counter() - started
    import_cpu = time.process_time() - started_cpu
    with connection.cursor() as cursor:
        sign_off(cursor, program.pk, "%s")
    turns = list(
        TranscriptTurn.objects.filter(transcript__interview__program=program)
        .values_list("pk", "transcript__interview_id", "text")
        .order_by("pk")
    )
    words = sum(len(text.split()) for _, _, text in turns)

    _, raw = create_token(user=admin, workspace=workspace, name="bench")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    chosen = rng.sample(turns, args.codes)
    timings, cpu, queries, failures = [], [], 0, 0
    for number, (turn_id, interview_id, text) in enumerate(chosen):
        start = rng.randrange(0, max(1, len(text) - 40))
        body = json.dumps(
            {
                "transcript_turn_id": turn_id,
                "start": start,
                "end": start + 30,
                "text": text[start : start + 30],
                "theme": rng.choice(THEMES),
                "direction": rng.choice(["win_driver", "loss_driver", "neutral"]),
            }
        )
        url = f"/api/v1/interviews/{interview_id}/excerpts"
        # Queries are counted on one call only: capturing them wraps every cursor the way
        # DEBUG=1 does, which costs more than a third of a call.
        with CaptureQueriesContext(connection) if number == 1 else nullcontext() as captured:
            one, one_cpu = time.perf_counter(), time.process_time()
            response = api.post(url, body, content_type="application/json", secure=True)
            timings.append(time.perf_counter() - one)
            cpu.append(time.process_time() - one_cpu)
        if captured is not None:  # not the first call: that one also stamps the token's use
            queries = len(captured)
            if os.environ.get("SHOW_QUERIES"):
                print("\n".join(q["sql"][:160] for q in captured.captured_queries))
        failures += response.status_code != 200
    # The floor: the same POST for an interview that does not exist, answered 404 after the
    # token is checked (middleware, routing, authentication, parsing the body; no coding).
    floor, floor_cpu = [], []
    for _ in range(300):
        one, one_cpu = time.perf_counter(), time.process_time()
        missing = api.post(
            "/api/v1/interviews/0/excerpts", body, content_type="application/json", secure=True
        )
        floor.append(time.perf_counter() - one)
        floor_cpu.append(time.process_time() - one_cpu)
        assert missing.status_code == 404, missing.status_code  # not a redirect or a 401
    per_code = statistics.median(timings)
    p95 = sorted(timings)[int(len(timings) * 0.95) - 1]

    web = Client()
    web.force_login(analyst)
    base = f"/w/{workspace.slug}/programs/{program.pk}/code/export/?format="

    def export(kind: str) -> tuple[float, int, int]:
        runs, size, count = [], 0, 0
        for attempt in range(4):
            with CaptureQueriesContext(connection) as captured:
                one = time.perf_counter()
                response = web.get(base + kind, secure=True)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                took = time.perf_counter() - one
            if attempt:
                runs.append(took)
            size, count = len(body), len(captured)
        return statistics.median(runs), size, count

    csv_s, csv_bytes, csv_queries = export("csv")
    xlsx_s, xlsx_bytes, xlsx_queries = export("xlsx")

    # Coding in batches through the bulk endpoint: what a script or another coding tool sends.
    # After the exports, so they measure the same 2,000 excerpts as before.
    fresh = [t for t in turns if t not in set(chosen)]
    batches = []
    for start_at in range(0, min(args.codes, len(fresh)), BATCH):
        items = []
        for turn_id, interview_id, text in fresh[start_at : start_at + BATCH]:
            start = rng.randrange(0, max(1, len(text) - 40))
            items.append(
                {
                    "interview_id": interview_id,
                    "transcript_turn_id": turn_id,
                    "start": start,
                    "end": start + 30,
                    "text": text[start : start + 30],
                    "theme": rng.choice(THEMES),
                    "direction": rng.choice(["win_driver", "loss_driver", "neutral"]),
                }
            )
        body = json.dumps({"excerpts": items})
        one = time.perf_counter()
        response = api.post(
            "/api/v1/excerpts/bulk", body, content_type="application/json", secure=True
        )
        batches.append((time.perf_counter() - one) / len(items))
        assert response.status_code == 200, response.content[:300]

    figures = {
        "interviews": len(interviews),
        "turns": len(turns),
        "words": words,
        "import_total": import_total,
        "import_slowest": max(each),
        "import_cpu": import_cpu,
        "codes": len(timings),
        "failures": failures,
        "per_code": per_code,
        "p95": p95,
        "code_queries": queries,
        "floor": statistics.median(floor),
        # CPU time of this process: what the work costs when other jobs share the cores.
        "per_code_cpu": statistics.median(cpu),
        "floor_cpu": statistics.median(floor_cpu),
        "load": (load_before, os.getloadavg()[0]),
        "csv": (csv_s, csv_bytes, csv_queries),
        "xlsx": (xlsx_s, xlsx_bytes, xlsx_queries),
        "bulk_per_code": statistics.median(batches),
        "bulk_codes": len(batches) * BATCH,
    }
    print(json.dumps(figures, indent=2))
    if not args.no_write:
        write(figures)


NOTES = """
The import meets its target: the turns go in with one multi-row INSERT (the ORM's
`bulk_create` built a model per turn and compiled the SQL of every batch, five times slower),
and WebVTT in the meeting tools' shape is read in one pass (webvtt-py's general parser took
nearly four times as long; docs/decisions/0005).

**Coding one excerpt per request does not meet the 4 ms target; coding them in batches does.**
The floor alone — a token check, the middleware, routing and one lookup answering 404 — takes
2 to 4 ms on this machine, which leaves at most 2 ms for the coding itself. Beyond the floor a
code is twelve statements: the duplicate-code lookup, the validation check (only validated
interviews are coded), the passage read (the words must match the offsets), the theme, the
insert, the audit-log entry and the two statements that keep the analysis summary in step —
each 0.3 to 0.6 ms of Django building its SQL, and none can go without dropping a check or the
audit trail. The bulk endpoint makes each of those lookups once for a batch (every item still
checked the same way, all or nothing), which is what a script or another coding tool sending
many codes uses; one person selecting words in the browser waits for a single code, well under
the 100 ms that feels instant. For scale, the Taguette figure in the issue is about 38 ms per
highlight. Query counts are held by tests (12 for one code; the same for a batch of 2 or 8).
"""


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def write(f: dict) -> None:
    csv_s, csv_bytes, csv_q = f["csv"]
    xlsx_s, xlsx_bytes, xlsx_q = f["xlsx"]
    body = io.StringIO()
    body.write(
        f"{SECTION}\n\n"
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite with "
        "`.venv/bin/python benchmarks/coding_loop.py`, in a freshly migrated database (WAL; "
        f"DEBUG off and HTTPS on, as production runs): {f['interviews']} validated interviews, "
        "each given a generated two-speaker "
        f"WebVTT transcript through `attach_transcript` ({f['turns']:,} turns, "
        f"{f['words']:,} words in all); then {f['codes']:,} excerpts of 30 characters of random "
        "turns coded with `POST /api/v1/interviews/{id}/excerpts` through Django's test Client "
        "with a personal API token (one at a time, each its own request and transaction); then "
        "each export of every coded excerpt through the Client as an analyst, the median of 3 "
        "calls after a warm-up, the streamed CSV read to its end. One run; the machine's load "
        f"average was {f['load'][0]:.1f} at the start and {f['load'][1]:.1f} at the end (other "
        "work shares its cores, so the times move from one run to the next).\n\n"
        "| step | target | measured | met |\n|---|---:|---:|---|\n"
        f"| transcript import, all {f['interviews']} | under 3 s | {f['import_total']:.2f} s "
        f"(slowest one {f['import_slowest'] * 1000:.0f} ms; CPU {f['import_cpu']:.2f} s) | "
        f"{_met(f['import_total'] < 3)} |\n"
        f"| coding one excerpt (median) | under 4 ms | {f['per_code'] * 1000:.2f} ms (95th "
        f"percentile {f['p95'] * 1000:.2f} ms; CPU {f['per_code_cpu'] * 1000:.2f} ms; "
        f"{f['code_queries']} SQL queries a call; "
        f"{f['failures']} refused) | {_met(f['per_code'] < 0.004)} |\n"
        f"| the floor: the same POST answered 404 (median) | | "
        f"{f['floor'] * 1000:.2f} ms (CPU {f['floor_cpu'] * 1000:.2f} ms; token check, middleware, "
        "routing; no coding) | |\n"
        f"| coding in batches of {BATCH} through `POST /api/v1/excerpts/bulk` (per excerpt, "
        f"median of {f['bulk_codes'] // BATCH} batches) | under 4 ms | "
        f"{f['bulk_per_code'] * 1000:.2f} ms | {_met(f['bulk_per_code'] < 0.004)} |\n"
        f"| CSV export of {f['codes']:,} excerpts | under 0.5 s | {csv_s:.3f} s "
        f"({csv_bytes / 1024:.0f} KB, {csv_q} queries) | {_met(csv_s < 0.5)} |\n"
        f"| XLSX export of {f['codes']:,} excerpts | under 0.5 s | {xlsx_s:.3f} s "
        f"({xlsx_bytes / 1024:.0f} KB, {xlsx_q} queries) | {_met(xlsx_s < 0.5)} |\n" + NOTES
    )
    # Re-read right before writing: other sections may have changed since this run began.
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if SECTION in text:
        head, rest = text.split(SECTION, 1)
        following = rest.find("\n## ")
        tail = rest[following + 1 :] if following != -1 else ""
        text = head + body.getvalue() + ("\n" + tail if tail else "")
    else:
        text = text.rstrip() + "\n\n" + body.getvalue()
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
