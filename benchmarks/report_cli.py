"""The report PDF as a whole process: ``winloss report … --format pdf`` timed from the shell's
side, at 500 interviews, and where its start-up time goes.

    .venv/bin/python benchmarks/report_cli.py
    .venv/bin/python benchmarks/report_cli.py --interviews 50 --runs 1

The program is planted as in report.py (validated interviews with 25 coded excerpts each, 60
quotes, 20 actions) in a SQLite database of its own (``--scratch``), and its report published
once. Then, each as a fresh process with production settings (DEBUG off) and an environment
without PYTHONDONTWRITEBYTECODE (a user's installation caches bytecode; with it set, every
start compiles all of Django and the stack again), the median of ``--runs``:

- two floors: ``python -c pass``, and Django's own ``--help`` with the contrib apps winloss
  installs and nothing else (what any command of a Django project costs);
- ``winloss --help``: the start-up floor of any command;
- ``winloss check``: the same with Django's system checks, which load every view;
- ``winloss lint-questions FILE`` with one question in FILE: a small command's whole run;
- ``winloss report PROGRAM --workspace WS --format pdf --out FILE --draft``: the PDF rendered;
- the same without ``--draft``: the published PDF, read back byte for byte.

Each is printed as wall time and as CPU time (user + system of the command's process): on a
shared machine the CPU time moves less with other people's work.

Then once each, for where the time goes: the ``--draft`` command's work step by step in one
process (the CPU and wall time of each import and each stage, in the command's order), the
same command under ``-X importtime`` (the slowest top-level imports, cumulative) and under
cProfile (the slowest calls). Printed with the load average; nothing is written to
RESULTS.md.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from httpbench import ROOT, VENV, clean_env, fresh_dir, load, python


def prepare(data_dir: str, interviews: int) -> None:
    """(Runs in its own process.) The planted program and its published report."""
    from harness import setup_django

    os.environ["EMAIL_URL"] = "dummy:"  # publishing tells people by email: not from here
    setup_django(data_dir, debug=False, test_client=False)
    from report import build

    from winloss.reports.services import publish

    report, owner = build(interviews)
    publish(report, user=owner)
    Path(data_dir, "workspace").write_text(report.program.workspace.slug)


def steps(data_dir: str) -> None:
    """(Runs in its own process, as the command would.) Each stage of a draft PDF, timed."""
    marks: list[tuple[str, float, float]] = []
    last = [time.process_time(), time.perf_counter()]

    def mark(label: str) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        marks.append((label, cpu - last[0], wall - last[1]))
        last[:] = [cpu, wall]

    os.environ["DJANGO_SETTINGS_MODULE"] = "winloss.settings"
    import django
    from django.core.management import execute_from_command_line  # noqa: F401

    mark("import django.core.management")
    django.setup()
    mark("django.setup(): settings, apps, models")
    from winloss.programs.queries import program_named
    from winloss.reports.content import build
    from winloss.reports.queries import draft_of

    mark("import the report's modules (numpy with them)")
    program = program_named(Path(data_dir, "workspace").read_text(), "Benchmark wave")
    content = build(draft_of(program))
    mark("build the content: queries and figures")
    import matplotlib.figure  # noqa: F401  (the first chart would load it)

    mark("import matplotlib")
    from winloss.reports.formats import charts_of, draw_chart

    for name in charts_of(content):
        draw_chart(name, content)
    mark(f"draw the charts ({', '.join(charts_of(content))})")
    import weasyprint  # noqa: F401

    mark("import weasyprint")
    from winloss.reports.formats import render_pdf

    render_pdf(content)
    mark("render the PDF (the charts drawn again, then WeasyPrint)")
    for label, cpu, wall in marks:
        print(f"  {cpu:5.2f} s CPU  {wall:5.2f} s wall  {label}")
    cpu, wall = sum(m[1] for m in marks), sum(m[2] for m in marks)
    print(f"  {cpu:5.2f} s CPU  {wall:5.2f} s wall  in all (the interpreter's start not counted)")


# Django alone: its contrib apps (as in winloss's settings), no project code, its --help.
DJANGO_FLOOR = """
import django
from django.conf import settings
from django.core.management import ManagementUtility
settings.configure(
    INSTALLED_APPS=[f"django.contrib.{app}" for app in
                    ("admin", "auth", "contenttypes", "sessions", "messages", "staticfiles")],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
)
ManagementUtility(["django-admin", "--help"]).execute()
"""


def _env(data_dir: Path) -> dict[str, str]:
    return clean_env(
        DATA_DIR=str(data_dir), DEBUG="0", SECRET_KEY="benchmark-only", LOG_LEVEL="WARNING"
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, list[float], list[float]]:
    """The median wall time, each run's wall time and each run's CPU time."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - start_cpu)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    return statistics.median(times), times, cpu


def import_times(cmd: list[str], env: dict[str, str], top: int) -> list[tuple[float, str]]:
    """The slowest imports a start makes, cumulative (each package once, by its top name)."""
    done = subprocess.run(
        [python(), "-X", "importtime", *cmd], env=env, cwd=ROOT, capture_output=True, text=True
    )
    best: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[12:].split("|"))
        if not cumulative.isdigit():
            continue
        root = name.strip().split(".")[0]
        best[root] = max(best.get(root, 0.0), int(cumulative) / 1e6)
    return sorted(((s, n) for n, s in best.items()), reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scratch", default="/tmp/winloss-bench")
    parser.add_argument("--top", type=int, default=30, help="lines of the profile to print")
    parser.add_argument("--reuse", action="store_true", help="the last run's data, if any")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # internal
    parser.add_argument("--steps", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.interviews)
        return
    if args.steps:
        steps(args.steps)
        return

    print(f"start: {load()}", flush=True)
    data_dir = Path(args.scratch) / f"report-cli-{args.interviews}"
    if not (args.reuse and (data_dir / "workspace").exists()):
        fresh_dir(data_dir)
        subprocess.run(
            [python(), __file__, "--prepare", str(data_dir), "--interviews", str(args.interviews)],
            check=True,
            cwd=ROOT,
            env=clean_env(),
        )
    env = _env(data_dir)
    slug = (data_dir / "workspace").read_text()
    winloss = str(VENV / "bin" / "winloss")
    out = str(data_dir / "report.pdf")
    report = ["report", "Benchmark wave", "--workspace", slug, "--format", "pdf", "--out", out]
    question = data_dir / "question.txt"
    question.write_text("Why did you choose our competitor?\n")
    subprocess.run([winloss, "--help"], env=env, cwd=ROOT, capture_output=True)  # bytecode cached
    for label, cmd in [
        ("floor: python -c pass", [python(), "-c", "pass"]),
        ("floor: Django's --help, contrib apps only", [python(), "-c", DJANGO_FLOOR]),
        ("winloss --help", [winloss, "--help"]),
        ("winloss check (the system checks)", [winloss, "check"]),
        ("winloss lint-questions FILE (one question)", [winloss, "lint-questions", str(question)]),
        ("winloss report … --format pdf --draft (rendered)", [winloss, *report, "--draft"]),
        ("winloss report … --format pdf (published)", [winloss, *report]),
    ]:
        median, times, cpu = timed(cmd, env, args.runs)
        each = ", ".join(f"{t:.2f}" for t in times)
        cpus = ", ".join(f"{t:.2f}" for t in cpu)
        print(
            f"{label:<52} {median:5.2f} s  ({each})  CPU {statistics.median(cpu):.2f} s "
            f"({cpus})  [{load()}]",
            flush=True,
        )
    size = os.path.getsize(out)
    print(f"the PDF: {size / 1024:.0f} KB")

    print(f"\nthe --draft command's work, step by step in one process [{load()}]:", flush=True)
    subprocess.run([python(), __file__, "--steps", str(data_dir)], env=env, cwd=ROOT, check=True)

    print("\nslowest imports of the --draft command (cumulative s, each top-level package):")
    for seconds, name in import_times(["-m", "winloss", *report, "--draft"], env, 12):
        print(f"  {seconds:6.2f}  {name}")

    profile = data_dir / "report.prof"
    subprocess.run(
        [python(), "-m", "cProfile", "-o", str(profile), "-m", "winloss", *report, "--draft"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    import pstats

    print("\nwhere the --draft command's time goes (cProfile, cumulative):")
    stats = pstats.Stats(str(profile))
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
