"""Buyer surveys at scale: 20,000 closed deals in a program's scope and 5,000 answers.

    .venv/bin/python benchmarks/surveys.py
    .venv/bin/python benchmarks/surveys.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/surveys.py --deals 2000 --responses 500 --no-write

Untimed: a fresh database with one workspace of ``--deals`` closed deals (won, lost, no
decision), each with a buyer who has an email address, and two programs whose scope covers
them. Timed, on the first, once: the send page's batch (who gets the survey and why the others
do not, ``survey_batch``), the batch's creation (``record_send``: the batch again and an invited
response per buyer, in one transaction) and the invitations the send's job then writes
(``write_invitations``: a link and a queued email per buyer, chunk by chunk; the emails leave
afterwards). On the second:
importing ``--responses`` survey answers from a plain CSV (``import_survey``: six
factors rated three ways, a main reason, reconsideration and a comment each; once, as a
program is imported once), then, as the median of ``--runs`` after one warm-up, the survey's
figures (``survey_figures``) and the whole Analyse page through Django's test client, with
their query counts. Target: the batch's creation and the Analyse page each under 2 s on SQLite
and PostgreSQL. Figures go into benchmarks/RESULTS.md under "Buyer surveys". A PostgreSQL
database must exist and be empty.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, rows_of_other_engines, timed, write_section
from harness import setup_django as _setup

HEADING = "Buyer surveys"
FACTORS = ("product_fit", "pricing_commercial", "sales_process", "implementation_risk",
           "messaging_positioning", "procurement_legal")  # fmt: skip
OUTCOMES = (("won", 0.35), ("lost", 0.45), ("no_decision", 0.20))


def build(deals: int, seed: int = 7):
    """The workspace, its deals and buyers, the program and an analyst. Untimed."""
    from django.db import transaction

    from winloss.accounts.roles import Role
    from winloss.deals.models import Contact, Deal
    from winloss.testing import make_member, make_program, make_workspace

    rng = random.Random(seed)
    workspace = make_workspace(slug="bench", name="Benchmark")
    analyst = make_member(workspace, Role.ANALYST, email="analyst@example.com")
    # Closed lately: a survey goes only to deals whose buyers still remember (recency).
    start = dt.date.today() - dt.timedelta(days=60)
    with transaction.atomic():
        contacts = Contact.objects.bulk_create(
            [Contact(workspace=workspace, name=f"Buyer {i}", email=f"buyer{i}@example.com")
             for i in range(deals)], batch_size=5_000,
        )  # fmt: skip
        rows = Deal.objects.bulk_create(
            [
                Deal(
                    workspace=workspace, crm_id=f"OPP-{i:06d}", name=f"Deal {i}",
                    outcome=rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0],
                    close_date=start + dt.timedelta(days=rng.randrange(60)),
                )
                for i in range(deals)
            ],
            batch_size=5_000,
        )  # fmt: skip
        links = Deal.contacts.through
        links.objects.bulk_create(
            [links(deal_id=d.pk, contact_id=c.pk) for d, c in zip(rows, contacts, strict=True)],
            batch_size=5_000,
        )
    programs = [
        make_program(
            workspace,
            name=name,
            deal_types=[o for o, _ in OUTCOMES],
            window_start=start,
            window_end=start + dt.timedelta(days=365),
        )
        for name in ("Survey 2025", "Survey 2025 (sent)")
    ]
    return programs, analyst, rows


def answers(deals, count: int, seed: int = 11) -> bytes:
    """A plain CSV of ``count`` answers about the first deals: planted, not uniform."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["deal_id", "respondent_email", "main_reason", "reconsider", "comment"]
    for factor in FACTORS:
        header += [f"importance_{factor}", f"performance_{factor}", f"chosen_performance_{factor}"]
    writer.writerow(header)
    for n, deal in enumerate(deals[:count]):
        row = [deal.crm_id, f"buyer{n}@example.com", rng.choice(FACTORS), rng.randint(0, 10),
               "The other proposal was clearer about the rollout."]  # fmt: skip
        for _ in FACTORS:
            row += [rng.randint(1, 5), rng.randint(1, 5), rng.choice(["", *"12345"])]
        writer.writerow(row)
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, default=20_000)
    parser.add_argument("--responses", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--database-url", default="", help="postgres://…; SQLite by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir, args.database_url)
        from django.db import connection
        from django.test import Client

        from winloss.analysis.survey import survey_figures
        from winloss.surveys.imports.run import import_survey
        from winloss.surveys.sending.queries import survey_batch
        from winloss.surveys.sending.services import record_send, write_invitations
        from winloss.testing import make_survey

        (program, sent_to), analyst, deals = build(args.deals)
        make_survey(sent_to, approved=True)
        started, cpu = time.perf_counter(), time.process_time()
        batch = survey_batch(sent_to, mode="all", share_percent=None, seed=1)
        previewed, previewed_cpu = time.perf_counter() - started, time.process_time() - cpu
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        sent = record_send(sent_to, user=analyst, seed=1)
        sending, sending_cpu = time.perf_counter() - started, time.process_time() - cpu
        started = time.perf_counter()
        written = write_invitations(sent_to, send=False)
        writing = time.perf_counter() - started
        assert written == sent.invited
        data = answers(deals, args.responses)
        started = time.perf_counter()
        result = import_survey(
            workspace=program.workspace, source=io.BytesIO(data), program_name=program.name,
            file_name="answers.csv",
        )  # fmt: skip
        imported = time.perf_counter() - started
        assert not result.errors, result.errors[:3]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        figures = timed(lambda: survey_figures(program), args.runs)
        client = Client()
        client.force_login(analyst)
        url = f"/w/{program.workspace.slug}/programs/{program.pk}/analyse/"
        assert b"Buyer survey" in client.get(url).content
        from django.core.cache import caches

        def cold_page():
            # The figures are kept between views until the data changes: time them computed.
            caches["figures"].clear()
            return client.get(url)

        page = timed(cold_page, args.runs)

        def ms(value: float) -> str:
            return f"{value * 1000:,.0f} ms"

        line = (
            f"| {connection.vendor} | {args.deals:,} | {len(batch.to_send):,} | {ms(previewed)} "
            f"(CPU {ms(previewed_cpu)}) | {sent.invited:,} | {ms(sending)} (CPU {ms(sending_cpu)}) "
            f"| {ms(writing)} | load {load:.1f} | "
            f"{result.responses:,} | {ms(imported)} | "
            f"{ms(figures[0])} ({figures[1]} queries) | {ms(page[0])} ({page[1]} queries) |"
        )
        print(line)
        if not args.no_write:
            write_section(
                HEADING,
                f"Measured with `benchmarks/surveys.py` on {machine(sqlite=True, load=True)}: "
                "closed deals in a program's scope; the send page's batch, the batch's creation "
                "(the batch again and an invited response per buyer, one transaction) and the "
                "invitations the send's job writes after it (a link and a queued email each, "
                "chunk by chunk), once each; survey answers imported from "
                "a plain CSV into a second program (six factors rated three ways, a main "
                "reason, reconsideration and a comment each), then the survey's figures and the "
                "whole Analyse page through Django's test client (its kept figures cleared before "
                "each view, so computed each time), the median of the runs after "
                "one warm-up. Target: the batch's creation and the Analyse page each under 2 s.\n\n"
                "| database | closed deals | to send | batch page | sent | batch created "
                "| invitations written (job) | load | responses | import | survey figures "
                "| Analyse page |\n"
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + "".join(rows_of_other_engines(HEADING, connection.vendor))
                + line,
            )


if __name__ == "__main__":
    main()
