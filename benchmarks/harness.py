"""What the benchmark scripts share: a Django set up on a scratch database, timing, the
machine's description and writing one section of RESULTS.md."""

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def setup_django(
    data_dir: str, database_url: str = "", *, debug: bool = True, test_client: bool = True
) -> None:
    """Django on a fresh database in ``data_dir`` (SQLite) or at ``database_url``, migrated,
    with background work run inline. ``debug=False`` runs as production does (no debug
    pages, no query log; whitenoise then wants a static folder, made empty here).
    ``test_client`` sets up Django's test environment for its Client (the host it sends,
    email kept in memory), which also instruments template rendering."""
    # The scratch folder and database given, never ones the shell happens to name.
    os.environ["DATA_DIR"] = data_dir
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DEBUG="1" if debug else "0",
        SECRET_KEY="benchmark-only",
        TASK_BACKEND="immediate",
        LOG_LEVEL="WARNING",
    )
    if not debug:
        Path(os.environ["DATA_DIR"], "static").mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "winloss.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    if test_client:
        setup_test_environment()
    call_command("migrate", verbosity=0)


def median_seconds(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls, and what the last call returned."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cpu() -> str:
    """The processor's model name (Linux), else what the platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(*, sqlite: bool = False, load: bool = False) -> str:
    """The machine as RESULTS.md describes it, with SQLite's version and the load if asked."""
    text = f"{cpu()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if sqlite:
        import sqlite3

        text += f", SQLite {sqlite3.sqlite_version}"
    if load and hasattr(os, "getloadavg"):
        text += f", load average {os.getloadavg()[0]:.1f} at the start"
    return text


def write_section(title: str, body: str) -> None:
    """Replace the ``## title`` section of RESULTS.md (or add it at the end)."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    marker = f"## {title}\n"
    if marker in text:
        head, rest = text.split(marker, 1)
        following = rest.find("\n## ")
        tail = rest[following + 1 :] if following >= 0 else ""
    else:
        head, tail = text.rstrip("\n") + "\n\n", ""
    RESULTS.write_text(
        head + marker + "\n" + body.strip("\n") + "\n" + ("\n" + tail if tail else "")
    )


def timed(fn: Callable[[], object], runs: int) -> tuple[float, int]:
    """The median seconds of ``runs`` calls after a warm-up, and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times), queries


def rows_of_other_engines(title: str, engine: str) -> list[str]:
    """The table rows of the ``## title`` section another database wrote last time, kept
    beside this run's."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    marker = f"## {title}\n"
    section = text.split(marker, 1)[1].split("\n## ", 1)[0] if marker in text else ""
    return [
        row + "\n"
        for row in section.splitlines()
        if row.startswith("| ") and not row.startswith(("| database", f"| {engine} "))
    ]
