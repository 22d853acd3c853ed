"""Report benchmark: rendering the published report of a 500-interview program as a PDF and
as a slide deck (targets: under 10 s each), and publishing it (all four files at once).

    .venv/bin/python benchmarks/report.py
    .venv/bin/python benchmarks/report.py --interviews 100 --no-write

The program is planted in bulk (winloss/testing/planting.py): validated interviews with
25 coded excerpts each, 60 of them chosen as quotes, 20 actions. Times are the median of
``--runs``; the content is built once and rendered from it, as a published version is.
Figures go into benchmarks/RESULTS.md under "Report rendering".
"""

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, median_seconds, setup_django, write_section

THEMES = [
    "product_fit", "pricing_commercial", "competitive_displacement", "sales_process",
    "messaging_positioning", "implementation_risk", "procurement_legal",
]  # fmt: skip
TARGET_S = 10.0


def build(interviews: int):
    from winloss.accounts.roles import Role
    from winloss.actions.models import Action
    from winloss.coding.models import CodedExcerpt
    from winloss.reports.models import ReportQuote
    from winloss.reports.services import begin_report
    from winloss.testing import make_member, make_program, make_workspace
    from winloss.testing.planting import plant

    rng = random.Random(11)
    workspace = make_workspace(slug=f"bench-{rng.randrange(10**6)}")
    owner = make_member(workspace, Role.OWNER)
    program = make_program(workspace, name="Benchmark wave", owner=owner)
    rows = []
    for _ in range(interviews):
        outcome = "won" if rng.random() < 0.45 else "lost"
        direction = "win_driver" if outcome == "won" else "loss_driver"
        rows.append(
            {
                "outcome": outcome,
                "region": rng.choice(["East", "West", "EMEA", "APAC"]),
                "owner": f"Rep {rng.randrange(25)}",
                "rep_reason": rng.choice(THEMES),
                "codes": [
                    (rng.choice(THEMES), direction if rng.random() < 0.8 else "neutral")
                    for _ in range(25)
                ],
            }
        )
    plant(program, rows)
    report = begin_report(program)
    picks = CodedExcerpt.objects.filter(program=program).order_by("?")[:60]
    ReportQuote.objects.bulk_create(
        ReportQuote(report=report, excerpt=e, position=i) for i, e in enumerate(picks)
    )
    Action.objects.bulk_create(
        Action(
            workspace=workspace,
            program=program,
            title=f"Action {i}: change how we present {rng.choice(THEMES).replace('_', ' ')}",
            owner=owner,
            due_date=dt.date(2027, 1, 1) + dt.timedelta(days=i),
            expected_change=rng.choice(["messaging", "process", "pricing", "product"]),
        )
        for i in range(20)
    )
    return report, owner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from winloss.reports.content import build as build_content
        from winloss.reports.formats import render
        from winloss.reports.services import excerpt_rows, publish

        started = time.perf_counter()
        report, owner = build(args.interviews)
        built = time.perf_counter() - started
        content_s, content = median_seconds(lambda: build_content(report), args.runs)
        pdf_s, pdf = median_seconds(lambda: render("pdf", content), args.runs)
        pptx_s, pptx = median_seconds(lambda: render("pptx", content), args.runs)
        docx_s, docx = median_seconds(lambda: render("docx", content), args.runs)
        xlsx_s, xlsx = median_seconds(
            lambda: render("xlsx", content, excerpts=excerpt_rows(report.program)), args.runs
        )
        publish_s, _version = median_seconds(lambda: publish(report, user=owner), 1)
    excerpts = args.interviews * 25
    lines = [
        ("the report's content (figures, quotes, methodology)", content_s, None, ""),
        ("PDF (WeasyPrint)", pdf_s, TARGET_S, f"{len(pdf) / 1024:.0f} KB"),
        ("slide deck (python-pptx)", pptx_s, TARGET_S, f"{len(pptx) / 1024:.0f} KB"),
        ("DOCX (python-docx)", docx_s, None, f"{len(docx) / 1024:.0f} KB"),
        (f"XLSX with all {excerpts:,} excerpts", xlsx_s, None, f"{len(xlsx) / 1024:.0f} KB"),
        ("publishing: content, checksum and the four files", publish_s, None, ""),
    ]
    table = "\n".join(
        f"| {name} | {f'under {target:.0f} s' if target else ''} | {seconds:.2f} s"
        f"{' (' + size + ')' if size else ''} | "
        f"{('yes' if seconds < target else '**no**') if target else ''} |"
        for name, seconds, target, size in lines
    )
    for name, seconds, _target, size in lines:
        print(f"{name}: {seconds:.2f} s {size}")
    if args.no_write:
        return
    write_section(
        "Report rendering",
        f"Measured {dt.date.today():%Y-%m-%d} with `.venv/bin/python benchmarks/report.py` on "
        f"{machine(load=True)}, SQLite: a program of {args.interviews} validated interviews "
        f"with 25 coded excerpts each ({excerpts:,}), 60 chosen quotes and 20 actions, planted in "
        f"{built:.0f} s; each step the median of {args.runs} runs (publishing once), the "
        "content built once and every file rendered from it.\n\n"
        "| step | target | measured | met |\n|---|---:|---:|---|\n" + table,
    )


if __name__ == "__main__":
    main()
