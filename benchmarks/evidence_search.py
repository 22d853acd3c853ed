"""Evidence library benchmark: searches over 250,000 coded excerpts (10,000 validated
interviews in four waves of one recurring program, 25 excerpts each).

    .venv/bin/python benchmarks/evidence_search.py
    .venv/bin/python benchmarks/evidence_search.py --database-url postgres://postgres@127.0.0.1:5432/wl_evidence_bench
    .venv/bin/python benchmarks/evidence_search.py --interviews 1000 --no-write

It builds the interviews with bulk inserts (``testing.planting.plant``), gives 90% of the
respondents a consent that allows quoting (anonymous or named) and the rest "do not quote
me", and codes 25 excerpts an interview whose words come from a vocabulary where some words
are common ("price" in about one excerpt in five) and some rare. Every search is what the
library page does for an analyst: the SQL count and the first page of 25, anonymised through
the report's own rules (``evidence.queries``), timed as the median of ``--runs`` after one
warm-up; one search is also timed as the whole page through Django's test client, and one as
a stakeholder sees it. Figures go into benchmarks/RESULTS.md under "Evidence search".
A PostgreSQL database must exist and be empty. Target: under 200 ms a search.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, rows_of_other_engines, timed, write_section
from harness import setup_django as _setup

SECTION = "Evidence search"
THEMES = [
    "product_fit", "pricing_commercial", "competitive_displacement", "sales_process",
    "messaging_positioning", "implementation_risk", "procurement_legal",
]  # fmt: skip
COMMON = [
    "we", "the", "team", "was", "and", "our", "vendor", "product", "demo", "contract",
    "onboarding", "support", "integration", "roadmap", "rep", "trial", "budget", "timeline",
    "decision", "renewal", "migration", "reporting", "dashboard", "workflow", "approval",
    "stakeholders", "pilot", "references",
]  # fmt: skip
RARE = ["zeppelin", "quarantine", "tapestry", "ombudsman", "sextant"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randrange(12, 30))]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words)), "price")
    if rng.random() < 0.02:
        words[rng.randrange(len(words)) :] = ["the", "security", "review", "took", "months"]
    if rng.random() < 0.0005:
        words.append(rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def build(interviews: int, waves: int = 4):
    from winloss.accounts.roles import Role
    from winloss.coding.models import CodedExcerpt
    from winloss.coding.queries import codebook_for
    from winloss.interviews.models import Interview, Note
    from winloss.outreach.models import Appointment, ConsentRecord
    from winloss.outreach.services import ConsentAnswers, record_consent
    from winloss.reports.models import Report, ReportVersion
    from winloss.testing import make_member, make_program, make_workspace
    from winloss.testing.planting import plant

    rng = random.Random(11)
    workspace = make_workspace(slug="bench-evidence")
    analyst = make_member(workspace, Role.ANALYST)
    stakeholder = make_member(workspace, Role.STAKEHOLDER)
    themes = {t.slug: t for t in codebook_for(workspace)}
    previous, programs = None, []
    for number in range(waves):
        previous = make_program(workspace, name=f"Wave {number + 1}", previous_wave=previous)
        programs.append(previous)
    template = None
    for start in range(0, interviews, 500):
        program = programs[start * waves // interviews]
        rows = [
            {
                "outcome": "won" if rng.random() < 0.45 else "lost",
                "region": rng.choice(["East", "West", "EMEA", "APAC"]),
                "role": rng.choice(["evaluator", "executive_sponsor", "user"]),
            }
            for _ in range(min(500, interviews - start))
        ]
        made = plant(program, rows)
        appointments = Appointment.objects.bulk_create(
            Appointment(
                workspace=workspace, program=program, entry_id=i.entry_id, status="completed"
            )
            for i in made
        )
        for interview, appointment in zip(made, appointments, strict=True):
            interview.appointment = appointment
        Interview.objects.bulk_update(made, ["appointment"])
        if template is None:
            template = record_consent(
                appointments[0], ConsentAnswers(True, False, False, "anonymous"), given_by="b"
            )
            appointments = appointments[1:]
        ConsentRecord.objects.bulk_create(
            ConsentRecord(
                appointment=a,
                statement_id=template.statement_id,
                recording_text_id=template.recording_text_id,
                shown_text=template.shown_text,
                notes_allowed=True,
                recording_allowed=False,
                transcription_allowed=False,
                attribution=rng.choices(["anonymous", "named", "not_quotable"], weights=[6, 3, 1])[
                    0
                ],
                given_by="benchmark",
            )
            for a in appointments
        )
        notes = {n.interview_id: n.pk for n in Note.objects.filter(interview__in=made)}
        excerpts = []
        for interview in made:
            for _ in range(25):
                text = sentence(rng)
                excerpts.append(
                    CodedExcerpt(
                        workspace=workspace,
                        program=program,
                        interview=interview,
                        note_id=notes[interview.pk],
                        start=0,
                        end=len(text),
                        text=text,
                        theme=themes[rng.choice(THEMES)],
                        direction=rng.choice(["win_driver", "loss_driver", "neutral"]),
                    )
                )
        CodedExcerpt.objects.bulk_create(excerpts, batch_size=2000)
    # Every planted note is an observed fact; half become quotes, so a stakeholder finds some.
    notes = Note.objects.filter(interview__workspace=workspace)
    notes.filter(pk__in=notes.values("pk")[: interviews // 2]).update(kind="quote")
    # The first three waves' reports are published: a stakeholder finds their buyers' words.
    for program in programs[:3]:
        report = Report.objects.create(workspace=workspace, program=program, title="Report")
        ReportVersion.objects.create(report=report, number=1, content={}, checksum="")
    return workspace, programs, analyst, stakeholder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--database-url", default="", help="postgres://…; SQLite by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir, args.database_url, debug=False)
        from django.core.paginator import Paginator
        from django.db import connection
        from django.test import Client

        from winloss.coding.models import CodedExcerpt
        from winloss.evidence.queries import PAGE_SIZE, Filters, in_order, search, series, shown

        started = time.perf_counter()
        workspace, programs, analyst, _ = build(args.interviews)
        built = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        total = CodedExcerpt.objects.filter(workspace=workspace).count()
        waves = series(workspace)
        cases = {
            "common word (price)": Filters(q="price"),
            "rare word (zeppelin)": Filters(q="zeppelin"),
            'phrase ("security review")': Filters(q='"security review"'),
            "word + theme + outcome": Filters(
                q="price", theme="pricing_commercial", outcome="lost"
            ),
            "word + one wave + region": Filters(q="onboarding", wave=programs[2].pk, region="EMEA"),
            "filters only (direction, role)": Filters(direction="loss_driver", role="user"),
            "everything, newest first": Filters(),
        }
        rows = []
        for label, filters in cases.items():

            def run(filters=filters, evidence=True) -> int:
                found = search(workspace, filters, evidence=evidence).values_list("pk", flat=True)
                page = Paginator(found, PAGE_SIZE).get_page(1)
                shown(in_order(list(page.object_list)), waves)
                return page.paginator.count

            seconds, queries = timed(run, args.runs)
            rows.append((label, run(), seconds, queries))

        def as_stakeholder() -> None:
            found = search(workspace, Filters(q="price"), evidence=False)
            page = Paginator(found.values_list("pk", flat=True), PAGE_SIZE).get_page(1)
            shown(in_order(list(page.object_list)), waves)

        stake = timed(as_stakeholder, args.runs)
        client = Client()
        client.force_login(analyst)
        url = f"/w/{workspace.slug}/evidence/?q=price"
        assert client.get(url, secure=True).status_code == 200
        page = timed(lambda: client.get(url, secure=True), args.runs)

        def ms(value: float) -> str:
            return f"{value * 1000:.0f} ms"

        engine = connection.vendor
        lines = [
            f"| {engine} | {label} | {count:,} | {ms(seconds)} ({queries} queries) |"
            for label, count, seconds, queries in rows
        ]
        lines.append(
            f"| {engine} | stakeholder: common word, buyer's words of published reports | — | "
            f"{ms(stake[0])} ({stake[1]} queries) |"
        )
        lines.append(
            f"| {engine} | the whole page (test client): common word | — | "
            f"{ms(page[0])} ({page[1]} queries) |"
        )
        print(f"{engine}: {total:,} excerpts, built in {built:.0f} s")
        print("\n".join(lines))
        if not args.no_write:
            kept = rows_of_other_engines(SECTION, engine)
            write_section(
                SECTION,
                "Measured with `benchmarks/evidence_search.py` on "
                f"{machine(sqlite=True, load=True)}: {args.interviews:,} validated interviews "
                f"in four waves of one program, {total:,} coded excerpts (25 an interview), "
                "9 respondents in 10 quotable. A search is what the library page does for an "
                "analyst: the SQL count and the first page of 25, anonymised with the report's "
                "rules. Median of the runs after one warm-up. Target: under 200 ms.\n\n"
                "| database | search | found | time |\n|---|---|---:|---:|\n"
                + "".join(kept)
                + "\n".join(lines),
            )


if __name__ == "__main__":
    main()
