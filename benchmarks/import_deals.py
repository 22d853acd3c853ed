"""Deal import benchmark: a generated Salesforce Data Loader export into a fresh SQLite database.

    .venv/bin/python benchmarks/import_deals.py            # 25k, 50k and 100k rows
    .venv/bin/python benchmarks/import_deals.py --sizes 10000 --runs 1 --no-write

Every measurement runs in its own process with its own DATA_DIR, so each import starts from an
empty, freshly migrated database and one run's memory cannot hide in another's. Timings are
the median of ``--runs`` runs (default 3): the figures move by ±15% from run to run on a
shared 2-core machine. For each size:

* import: ``import_deals`` with full validation and upsert into an empty workspace, and the
  process's peak resident memory (``ru_maxrss``: Python, Django and SQLite's page cache);
* re-import: the same file again (every row compared, every row unchanged);
* update: a newer export of the same deals with one row in ten changed (stage or amount);
* traced peak: the most memory Python allocated during the import (``tracemalloc``, a
  separate run because tracing slows it down) — the figure that shows memory is flat;
* floor: the same rows read with the ``csv`` module and inserted with ``sqlite3``'s
  ``executemany`` into a copy of the deals table (same columns, constraints and indexes), in
  one transaction with the same pragmas. No checking, no upsert: the least an import costs.

The table is printed as markdown and written to ``benchmarks/RESULTS.md`` under "Deal import".
"""

import argparse
import csv
import datetime as dt
import json
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, setup_django

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
# The columns of the Salesforce sample (../shared/data/crm/salesforce_opportunity_sample.csv).
# fmt: off
HEADERS = [
    "Id", "IsDeleted", "AccountId", "Name", "Description", "StageName", "Amount", "Probability",
    "CloseDate", "Type", "NextStep", "LeadSource", "IsClosed", "IsWon", "ForecastCategory",
    "ForecastCategoryName", "CampaignId", "HasOpportunityLineItem", "Pricebook2Id", "OwnerId",
    "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp",
    "LastActivityDate", "FiscalQuarter", "FiscalYear", "Fiscal", "LastViewedDate",
    "LastReferencedDate", "HasOpenActivity", "HasOverdueTask", "External_id__c", "Product__c",
]
# fmt: on
STAGES = [
    ("Closed Won", "1", "1", "Closed"),
    ("Closed Lost", "1", "", "Omitted"),
    ("Qualification", "", "", "Pipeline"),
    ("Discovery", "", "", "Pipeline"),
    ("Proposal/Quote", "", "", "BestCase"),
    ("Negotiation", "", "", "BestCase"),
]
PRODUCTS = ["Merchant Services", "Payments Platform", "Fraud Shield", "Data Cloud", "Loyalty"]


def generate(path: Path, rows: int, *, changed_every: int = 0, seed: int = 2024) -> None:
    """A Data Loader export like the Salesforce sample: BOM, 1/blank booleans, timestamps,
    names with commas. ``changed_every`` makes a newer export of the same deals."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(rows):
            stage, closed, won, forecast = rng.choice(STAGES)
            opened = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(900))
            closes = opened + dt.timedelta(days=rng.randrange(1, 240))
            owner = f"005Ec{rng.randrange(60):013d}"
            company = (
                f"{rng.choice(['Patterson', 'Nguyen', 'Okafor', 'Lind'])}-{rng.randrange(4000)}"
            )
            product = rng.choice(PRODUCTS)
            amount = f"{rng.randrange(1_000, 2_000_000)}.{rng.randrange(100):02d}"
            if changed_every and i % changed_every == 0:
                stage, closed, won, forecast = STAGES[0]  # it closed, for a little more
                amount = f"{float(amount) + 100:.2f}"
            stamp = f"{opened.isoformat()}T{rng.randrange(24):02d}:14:25.000+0000"
            quarter = (closes.month - 1) // 3 + 1
            writer.writerow(
                [f"006Ec{i:013d}", "", f"001Ec{rng.randrange(4000):013d}",
                 f"{company}, Inc. - {product} - {closes:%B %Y}", "", stage, amount,
                 str(rng.randrange(0, 101, 10)), closes.isoformat(), "", "",
                 rng.choice(["Web", "Partner", "Event", ""]), closed, won, forecast, forecast,
                 "", "", "", owner, stamp, owner, stamp, owner, stamp, "", str(quarter),
                 str(closes.year), f"{closes.year} {quarter}", "", "", "", "",
                 f"ext_opportunity_{i}", product]
            )  # fmt: skip


def measure_import(csv_path: Path, newer_path: Path, data_dir: Path, traced: bool) -> dict:
    """One child process: a fresh database, the import, the same file again, a newer export."""
    setup_django(str(data_dir), debug=False, test_client=False)
    from winloss.accounts.models import Workspace
    from winloss.deals.imports import import_deals

    workspace = Workspace.objects.create(slug="bench", name="Benchmark")
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    first = import_deals(workspace=workspace, source=csv_path, actor="benchmark")
    seconds = time.perf_counter() - started
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"traced_peak": peak}
    assert first.created == first.rows and not first.error_count, first.summary()
    started = time.perf_counter()
    again = import_deals(workspace=workspace, source=csv_path, actor="benchmark")
    again_seconds = time.perf_counter() - started
    assert again.unchanged == again.rows, again.summary()
    started = time.perf_counter()
    newer = import_deals(workspace=workspace, source=newer_path, actor="benchmark")
    newer_seconds = time.perf_counter() - started
    assert newer.updated and newer.updated + newer.unchanged == newer.rows, newer.summary()
    return {
        "seconds": seconds,
        "again_seconds": again_seconds,
        "update_seconds": newer_seconds,
        "updated": newer.updated,
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def measure_floor(csv_path: Path, data_dir: Path) -> dict:
    """csv + sqlite3 executemany into a copy of the deals table: no checks, no upsert."""
    setup_django(
        str(data_dir), debug=False
    )  # only to build a migrated database to copy the table's DDL from
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'deals_deal' AND sql IS NOT NULL"
        )
        ddl = [row[0] for row in cursor.fetchall()]
    db = sqlite3.connect(data_dir / "floor.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        db.execute(statement)
    columns = (
        "workspace_id, crm_id, name, amount, currency, outcome, stage, created_date, close_date,"
        " owner_name, owner_email, owner_team, product, product_line, region, industry, tier,"
        " rep_stated_reason, open_dispute, version, created, updated"
    )
    sql = f"INSERT INTO deals_deal ({columns}) VALUES ({', '.join(['?'] * 22)})"
    now = dt.datetime.now().isoformat(sep=" ")
    started = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        rows = [
            (1, r[0], r[3], r[6], "USD", _outcome(r), r[5], None, r[8], "", "", "", r[34], "",
             "", "", "", "", 0, 1, now, now)
            for r in reader
        ]  # fmt: skip
    db.execute("BEGIN IMMEDIATE")
    db.executemany(sql, rows)
    db.execute("COMMIT")
    seconds = time.perf_counter() - started
    db.close()
    return {"seconds": seconds}


def _outcome(row: list[str]) -> str:
    return "won" if row[13] == "1" else "lost" if row[12] == "1" else "open"


def _child(*args: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="wl-bench-") as data_dir:
        output = subprocess.run(
            [sys.executable, __file__, "--child", *args, data_dir],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _row(size: int, runs: list[dict], traced: dict, floors: list[dict]) -> str:
    def median(key: str, source: list[dict] = runs) -> float:
        return statistics.median(r[key] for r in source)

    seconds, floor = median("seconds"), median("seconds", floors)
    spread = f"{min(r['seconds'] for r in runs):.2f}–{max(r['seconds'] for r in runs):.2f}"
    cells = [
        f"{size:,}",
        f"{seconds:.2f} ({spread})",
        f"{size / seconds:,.0f}",
        f"{median('again_seconds'):.2f}",
        f"{median('update_seconds'):.2f} ({runs[0]['updated']:,} updated)",
        f"{floor:.2f}",
        f"{size / floor:,.0f}",
        f"{seconds / floor:.1f}×",
        f"{median('max_rss') / 1024**2:.0f}",
        f"{traced['traced_peak'] / 1024**2:.1f}",
    ]
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is kept")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *paths = args.child
        if kind == "floor":
            figures = measure_floor(Path(paths[0]), Path(paths[1]))
        else:
            csv_path, newer, data_dir = (Path(p) for p in paths)
            figures = measure_import(csv_path, newer, data_dir, traced=kind == "traced")
        print(json.dumps(figures))
        return

    lines = [
        "| rows | import s (min–max) | rows/s | re-import s | update s | floor s | floor rows/s "
        "| import ÷ floor | peak RSS MB | peak traced MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory(prefix="wl-bench-csv-") as folder:
        for size in args.sizes:
            csv_path = Path(folder) / f"opportunities-{size}.csv"
            newer = Path(folder) / f"opportunities-{size}-newer.csv"
            generate(csv_path, size)
            generate(newer, size, changed_every=10)
            runs = [_child("timed", str(csv_path), str(newer)) for _ in range(args.runs)]
            traced = _child("traced", str(csv_path), str(newer))
            floors = [_child("floor", str(csv_path)) for _ in range(args.runs)]
            lines.append(_row(size, runs, traced, floors))
            print(lines[-1], flush=True)
    table = "\n".join(lines)
    print()
    print(table)
    if not args.no_write:
        _write_results(table, args.runs)


def _write_results(table: str, runs: int) -> None:
    section = (
        "## Deal import\n\n"
        f"Measured {dt.date.today().isoformat()} on {machine(sqlite=True)} with "
        "`.venv/bin/python benchmarks/import_deals.py`: a generated Salesforce Data Loader "
        "export (35 columns, UTF-8 with a BOM, 1/blank booleans, timestamps, 4,000 accounts) "
        "imported with full validation and upsert into an empty workspace of a fresh SQLite "
        "database (WAL); then the same file again (every row unchanged); then a newer export "
        "with one row in ten changed. The floor reads the same rows with the `csv` module and "
        "inserts them with `sqlite3.executemany` into a copy of the deals table. Times are the "
        f"median of {runs} runs, each in a fresh process and database. Peak RSS is the whole "
        "process (Python, Django, SQLite's page cache); peak traced is what Python allocated "
        "during the import (tracemalloc, a separate run).\n\n"
        f"{table}\n\n"
        "Reading the figures: this machine's speed moves by a quarter from one run to the next "
        "(the floor alone has measured between 28,000 and 42,000 rows/s on the same day), so "
        "the import ÷ floor column is the steadier measure of the code. Where an import's "
        "time goes: the first pass (reading, checking, finding repeats; no database) about a "
        "third; SQLite's inserts, with the deals table's six indexes and foreign keys, about "
        "half (the same work as most of the floor); building rows and the account lookups "
        "the rest. Python's memory stays flat (peak traced) because rows stream through in "
        "chunks of 2,000 and the CRM ids already seen wait in a temporary SQLite file; the "
        "peak RSS grows with the database because the import gives SQLite a page cache of up "
        "to 64 MB for its duration.\n"
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find("## Deal import")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
