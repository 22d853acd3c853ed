"""Codebook versions at scale: 10,000 validated interviews, 250,000 coded excerpts, and a
published change to one theme's definition that leaves about one excerpt in seven coded under
a definition that has since changed.

    .venv/bin/python benchmarks/codebook_versions.py
    .venv/bin/python benchmarks/codebook_versions.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/codebook_versions.py --interviews 1000 --no-write

Times, as the median of ``--runs`` after one warm-up: publishing the change, the span and
count the Analyse and Code pages read (``codebook.queries.codebook_span``), the review queue's
first page and the Analyse page through Django's test client, and "Still fit" on one page of
50 excerpts. Query counts are reported too. Figures go into benchmarks/RESULTS.md under
"Codebook versions". A PostgreSQL database must exist and be empty.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis import build
from harness import machine, rows_of_other_engines, timed, write_section
from harness import setup_django as _setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--database-url", default="", help="postgres://…; SQLite by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir, args.database_url)
        from django.db import connection
        from django.test import Client

        from winloss.coding.codebook import services as codebook
        from winloss.coding.codebook.publishing import publish_codebook
        from winloss.coding.codebook.queries import codebook_span, draft_of, to_review
        from winloss.coding.models import CodedExcerpt, Theme

        program, analyst = build(args.interviews)
        workspace = program.workspace
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        excerpts = CodedExcerpt.objects.filter(program=program)
        pricing = Theme.objects.get(workspace=workspace, slug="pricing_commercial")
        codebook.update_theme(
            pricing, user=analyst, expected_version=pricing.version, definition="Price only."
        )
        started = time.perf_counter()
        publish_codebook(
            workspace=workspace, user=analyst, expected_version=draft_of(workspace).version
        )
        published = time.perf_counter() - started
        queued = to_review(program).count()
        span = timed(lambda: codebook_span(workspace.pk, excerpts), args.runs)
        client = Client()
        client.force_login(analyst)
        base = f"/w/{workspace.slug}/programs/{program.pk}"
        queue = timed(lambda: client.get(f"{base}/code/review/"), args.runs)
        page = timed(lambda: client.get(f"{base}/analyse/"), args.runs)
        first_page = list(to_review(program).order_by("pk").values_list("pk", flat=True)[:50])
        started = time.perf_counter()
        client.post(f"{base}/code/review/decide/", {"decision": "fits", "excerpt": first_page})
        confirmed = time.perf_counter() - started

        def ms(value: float) -> str:
            return f"{value * 1000:.0f} ms"

        line = (
            f"| {connection.vendor} | {args.interviews:,} | {excerpts.count():,} | {queued:,} | "
            f"{ms(published)} | {ms(span[0])} ({span[1]} queries) | {ms(queue[0])} "
            f"({queue[1]} queries) | {ms(page[0])} ({page[1]} queries) | {ms(confirmed)} |"
        )
        print(line)
        if not args.no_write:
            kept = rows_of_other_engines("Codebook versions", connection.vendor)
            write_section(
                "Codebook versions",
                "Measured with `benchmarks/codebook_versions.py` on "
                f"{machine(sqlite=True, load=True)}: "
                "validated interviews with 25 coded excerpts each, then one theme's definition "
                "changed and published, which queues the excerpts coded with it for review. "
                "Median of the runs after one warm-up; the review queue and the Analyse page "
                "through Django's test client.\n\n"
                "| database | interviews | excerpts | to review | publish | span and count "
                "| review queue | Analyse page | Still fit (50) |\n"
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n" + "".join(kept) + line,
            )


if __name__ == "__main__":
    main()
