"""Analysis benchmark: the Analyse page and `winloss analyze --json` on a workspace with
10,000 validated interviews and 250,000 coded excerpts (25 per interview).

    .venv/bin/python benchmarks/analysis.py                        # SQLite, 10,000 interviews
    .venv/bin/python benchmarks/analysis.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/analysis.py --interviews 1000 --no-write

It builds the data with bulk inserts (winloss/testing/planting.py), then times, as the
median of ``--runs``: the page through Django's test client (a logged-in analyst), the CLI's
JSON, and two floors: the bare SQL aggregate the drivers table needs on the excerpts
(interviews citing each theme and direction, by outcome), and the two reads every figure of
the page now comes from (``analysis.table.read_table``: one row per interview each). Query
counts are reported too: they must not grow with the data. Figures go into
benchmarks/RESULTS.md under "Analysis". A PostgreSQL database must exist and be empty.
"""

import argparse
import io
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import setup_django as _setup
from harness import timed

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
THEMES = [
    "product_fit", "pricing_commercial", "competitive_displacement", "sales_process",
    "messaging_positioning", "implementation_risk", "procurement_legal",
]  # fmt: skip


def build(interviews: int):
    from winloss.accounts.roles import Role
    from winloss.testing import make_member, make_program, make_workspace
    from winloss.testing.planting import plant

    rng = random.Random(7)
    workspace = make_workspace(slug=f"bench-{rng.randrange(10**6)}")
    analyst = make_member(workspace, Role.ANALYST)
    program = make_program(workspace, name="Benchmark wave")
    regions = ["East", "West", "North", "South", "EMEA", "APAC"]
    batch = 1000
    for start in range(0, interviews, batch):
        rows = []
        for _ in range(min(batch, interviews - start)):
            outcome = "won" if rng.random() < 0.45 else "lost"
            direction = "win_driver" if outcome == "won" else "loss_driver"
            rows.append(
                {
                    "outcome": outcome,
                    "region": rng.choice(regions),
                    "owner": f"Rep {rng.randrange(40)}",
                    "team": f"Team {rng.randrange(6)}",
                    "rep_reason": rng.choice(THEMES),
                    "codes": [
                        (rng.choice(THEMES), direction if rng.random() < 0.8 else "neutral")
                        for _ in range(25)
                    ],
                }
            )
        plant(program, rows)
    return program, analyst


def floor_reads(program) -> None:
    from winloss.analysis.scope import Scope
    from winloss.analysis.table import read_table

    read_table(Scope(program))


def floor_sql(program) -> None:
    from django.db.models import Count

    from winloss.coding.models import CodedExcerpt
    from winloss.interviews.queries import validated_interviews

    list(
        CodedExcerpt.objects.filter(interview__in=validated_interviews(program).values("pk"))
        .order_by()
        .values_list("theme_id", "direction", "interview__entry__outcome")
        .annotate(n=Count("interview", distinct=True))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--database-url", default="", help="postgres://…; SQLite by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir, args.database_url)
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from winloss.coding.models import CodedExcerpt

        started = time.perf_counter()
        program, analyst = build(args.interviews)
        built = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # What autovacuum does within a minute of a bulk load: without statistics and a
            # visibility map PostgreSQL plans nested loops over heap pages (5x slower).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        excerpts = CodedExcerpt.objects.filter(program=program).count()
        client = Client()
        client.force_login(analyst)
        url = f"/w/{program.workspace.slug}/programs/{program.pk}/analyse/"
        page = timed(lambda: client.get(url), args.runs)
        cli = timed(
            lambda: call_command(
                "analyze", str(program.pk), workspace=program.workspace.slug, json=True,
                stdout=io.StringIO(),
            ),
            args.runs,
        )  # fmt: skip
        floor = timed(lambda: floor_sql(program), args.runs)
        reads = timed(lambda: floor_reads(program), args.runs)
        engine = connection.vendor
        line = (
            f"| {engine} | {args.interviews:,} | {excerpts:,} | {page[0] * 1000:.0f} ms "
            f"({page[1]} queries) | {cli[0] * 1000:.0f} ms ({cli[1]} queries) | "
            f"{floor[0] * 1000:.0f} ms | {reads[0] * 1000:.0f} ms | {built:.0f} s |"
        )
        print(line)
        if not args.no_write:
            write(line, engine)


def write(line: str, engine: str) -> None:
    header = (
        "## Analysis\n\n"
        f"Measured with `benchmarks/analysis.py` on {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}: a workspace with "
        "validated interviews and 25 coded excerpts each (about 80% win or loss drivers), "
        "the Analyse page through Django's test client and `winloss analyze --json`, median "
        "of 5 runs after one warm-up; the floor is the bare SQL aggregate the drivers table "
        "needs. Target: under 300 ms per page.\n\n"
        "| database | interviews | excerpts | page | analyze --json | floor: drivers SQL on "
        "excerpts | floor: the page's two reads | build |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if "## Analysis" not in text:
        text = text.rstrip() + "\n\n" + header
    rows = [r for r in text.split("## Analysis", 1)[1].splitlines() if r.startswith(f"| {engine} ")]
    for old in rows:
        text = text.replace(old + "\n", "")
    marker = "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    head, tail = text.split("## Analysis", 1)
    tail = tail.replace(marker, marker + line + "\n", 1)
    RESULTS.write_text(head + "## Analysis" + tail)


if __name__ == "__main__":
    main()
