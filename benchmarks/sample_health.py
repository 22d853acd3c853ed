"""Sample draw and program health benchmark: SOP step 2 at the product's design scale.

    .venv/bin/python benchmarks/sample_health.py            # 50k and 200k deals, 3 runs each
    .venv/bin/python benchmarks/sample_health.py --deals 20000 --runs 1 --no-write

Every run is its own process with its own DATA_DIR: a freshly migrated SQLite database is
filled (``bulk_create``, before any timing) with one workspace of N closed deals (won, lost
and no decision; 6 regions, 8 industries, 4 tiers, 5 product lines; log-normal amounts; close
dates over the last two years), N/10 accounts with one contact each (linked to every deal of
the account), 3 interviewers and an analyst. Two programs cover one year each (about N/2
deals): "history" covers the older year and gets a proportional draw of N/20 deals through
``draw_sample`` (10,000 at 200k deals), of which N/100 are marked interviewed
(``mark_interviewed``) and N/133 declined or unreachable; "current" covers the last year and
is the one sampled under timing, so the "recently approached" exclusion has those N/20
accounts to keep out. Then, each figure with the number of SQL queries it ran
(``CaptureQueriesContext``):

* draw: ``draw_sample`` of 400 deals, balanced per outcome, stratified by region and deal-size
  terciles, on "current" (once per run: a program has one draw);
* refusal: ``record_refusal`` of a selected deal with the replacement it proposes, the median
  of 20 refusals spread over the strata;
* health: ``program_health`` of "history" (the N/20-entry sample), the median of 3 calls after
  one warm-up call;
* sample page and health page of "history" through Django's test ``Client`` as a logged-in
  analyst (the sample page shows its first 100 entries), the median of 3 requests after one
  warm-up request;
* peak RSS: the whole process (``ru_maxrss``, data generation included) and the peak while
  the measurements ran (VmHWM after resetting it through ``/proc/self/clear_refs``).

The history draw is timed too (it shows the one cost that grows with the sample's size), and
for each figure an execute wrapper times every SQL statement, so the tables also say how much
of the time is SQL, how much is counting queries, and how much is spent inside
``quantile_bands`` and ``assign_interviewers`` (wrapped here for timing, not changed).

Timings are the median over ``--runs`` runs (default 3). The tables are printed as markdown
and written to ``benchmarks/RESULTS.md`` under "Sample draw and program health"; the
heaviest SQL statement of each figure goes to stderr.
"""

import argparse
import ctypes
import datetime as dt
import gc
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, setup_django

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Sample draw and program health"

# fmt: off
REGIONS = ["North America", "Latin America", "UK & Ireland", "DACH", "Nordics", "APAC"]
INDUSTRIES = ["Retail", "Banking", "Insurance", "Healthcare", "Manufacturing", "Logistics",
              "Public sector", "Software"]
TIERS = ["Strategic", "Enterprise", "Mid-market", "SMB"]
PRODUCT_LINES = ["Payments Platform", "Merchant Services", "Fraud Shield", "Data Cloud",
                 "Loyalty"]
ROLES = ["executive_sponsor", "evaluator", "procurement", "user", "other"]
# fmt: on
OUTCOMES = (("won", 0.35), ("lost", 0.45), ("no_decision", 0.20))
CHUNK = 10_000
DRAW_SIZE = 400
REFUSALS = 20
REPEATS = 3  # calls per run for health and the pages, after one warm-up
# Targets at the design scale (200k deals): seconds.
TARGETS = {"draw": 5.0, "refusal": 1.0, "health": 2.0, "sample_page": 2.0, "health_page": 2.0}


def _generate(deals: int, today: dt.date, seed: int = 2024) -> dict:
    """The workspace, its accounts, contacts and deals, and the two programs. Untimed."""
    from django.db import reset_queries, transaction

    from winloss.accounts.roles import Role
    from winloss.deals.models import Account, Contact, Deal
    from winloss.testing import make_member, make_program, make_workspace

    rng = random.Random(seed)
    workspace = make_workspace(slug="bench", name="Benchmark")
    analyst = make_member(workspace, Role.ANALYST, email="analyst@example.com", name="Ann Alyst")
    for i in range(3):
        make_member(
            workspace, Role.INTERVIEWER, email=f"interviewer{i}@example.com", name=f"Ivy {i}"
        )
    n_accounts = max(deals // 10, 1)
    with transaction.atomic():
        accounts = [
            Account(
                workspace=workspace,
                name=f"Account {i:06d} Holdings",
                crm_id=f"001Ac{i:013d}",
                region=rng.choice(REGIONS),
                industry=rng.choice(INDUSTRIES),
                tier=rng.choices(TIERS, weights=[1, 3, 4, 6])[0],
            )
            for i in range(n_accounts)
        ]
        Account.objects.bulk_create(accounts, batch_size=2_000)
        contacts = Contact.objects.bulk_create(
            [
                Contact(
                    workspace=workspace,
                    account=account,
                    name=f"Contact {i:06d}",
                    email=f"buyer{i}@example.com",
                    decision_role=rng.choice(ROLES),
                    do_not_contact=rng.random() < 0.03,
                )
                for i, account in enumerate(accounts)
            ],
            batch_size=2_000,
        )
        reset_queries()
    first_day = today - dt.timedelta(days=730)
    outcomes, weights = zip(*OUTCOMES, strict=True)
    link = Deal.contacts.through
    for start in range(0, deals, CHUNK):
        with transaction.atomic():
            rows, owners = [], []
            for i in range(start, min(start + CHUNK, deals)):
                a = rng.randrange(n_accounts)
                account = accounts[a]
                owners.append(a)
                closes = first_day + dt.timedelta(days=rng.randrange(730))
                amount = None
                if rng.random() > 0.01:  # one deal in a hundred has no amount in the CRM
                    amount = Decimal(f"{math.exp(rng.gauss(math.log(40_000), 1.2)):.2f}")
                rep = rng.randrange(60)
                rows.append(
                    Deal(
                        workspace=workspace,
                        crm_id=f"006Ec{i:013d}",
                        account_id=account.pk,
                        name=f"{account.name} - {rng.choice(PRODUCT_LINES)} - {closes:%B %Y}",
                        amount=amount,
                        outcome=rng.choices(outcomes, weights=weights)[0],
                        stage="Closed",
                        created_date=closes - dt.timedelta(days=rng.randrange(20, 300)),
                        close_date=closes,
                        owner_name=f"Rep {rep}",
                        owner_email=f"rep{rep}@vendor.example",
                        product_line=rng.choice(PRODUCT_LINES),
                        region=account.region,
                        industry=account.industry,
                        tier=account.tier,
                        open_dispute=rng.random() < 0.005,
                    )
                )
            created = Deal.objects.bulk_create(rows)
            link.objects.bulk_create(
                [
                    link(deal_id=d.pk, contact_id=contacts[a].pk)
                    for d, a in zip(created, owners, strict=True)
                ]
            )
            reset_queries()  # DEBUG keeps the SQL of every query: not of the inserts
    scope = {"deal_types": ["won", "lost", "no_decision"]}
    history = make_program(
        workspace,
        name="History",
        window_start=today - dt.timedelta(days=730),
        window_end=today - dt.timedelta(days=366),
        target_sample_size=max(deals // 20, 1),
        status="active",
        **scope,
    )
    current = make_program(
        workspace,
        name="Current",
        window_start=today - dt.timedelta(days=365),
        window_end=today - dt.timedelta(days=1),
        target_sample_size=DRAW_SIZE,
        status="active",
        **scope,
    )
    return {"workspace": workspace, "analyst": analyst, "history": history, "current": current}


INSIDE: dict[str, float] = {}  # seconds spent in the functions _watch wraps, during a call


def _watch(module, name: str) -> None:
    """Time every call of ``module.name`` into INSIDE (the code under test is not changed)."""
    original = getattr(module, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            INSIDE[name] = INSIDE.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, timed)


def _measured(fn):
    """(result, figures) of one call of ``fn``: seconds, SQL queries, where the SQL time went."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    statements: list[tuple[float, str]] = []  # every one, even past DEBUG's 9,000-query log

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, sql))

    reset_queries()
    INSIDE.clear()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    queries = len(captured)
    if len(statements) >= connection.queries_limit:  # past DEBUG's log: the wrapper's count
        queries = len(statements)
    else:  # the log also holds the COMMIT, which is no execute
        ends = sum(q["sql"] in ("COMMIT", "ROLLBACK") for q in captured.captured_queries)
        assert queries - ends == len(statements), (queries, ends, len(statements))
    by_sql: dict[str, list[float]] = {}
    for took, sql in statements:
        by_sql.setdefault(sql, []).append(took)
    heaviest = sorted(by_sql.items(), key=lambda item: -sum(item[1]))[:3]
    return result, {
        "seconds": seconds,
        "queries": queries,
        "sql_seconds": sum(took for took, _ in statements),
        "count_seconds": sum(t for t, sql in statements if sql.startswith("SELECT COUNT(")),
        "counts": sum(sql.startswith("SELECT COUNT(") for _, sql in statements),
        "entry_updates": sum(
            sql.startswith('UPDATE "programs_sampleentry"') for _, sql in statements
        ),
        "inside": dict(INSIDE),
        "heaviest": [(round(sum(t), 3), len(t), sql[:300], _what(sql)) for sql, t in heaviest],
    }


def _median_of(fn, repeats: int) -> dict:
    fn()  # warm-up: templates compiled, caches filled
    calls = [_measured(fn)[1] for _ in range(repeats)]
    middle = sorted(calls, key=lambda c: c["seconds"])[len(calls) // 2]
    return {**middle, "seconds": statistics.median(c["seconds"] for c in calls)}


def measure(data_dir: Path, deals: int) -> dict:
    """One child process: generate, then draw, refuse, health, pages."""
    setup_django(str(data_dir), debug=True, test_client=False)
    from django.db import transaction
    from django.test import Client

    from winloss.deals.models import Account, Deal
    from winloss.programs.health.summary import program_health
    from winloss.programs.models import EntryStatus, SampleEntry
    from winloss.programs.sampling import services
    from winloss.programs.sampling.eligibility import eligible_deals
    from winloss.programs.sampling.services import (
        DrawSettings,
        draw_sample,
        mark_interviewed,
        record_refusal,
    )

    _watch(services, "assign_interviewers")
    _watch(services, "quantile_bands")
    today = dt.date.today()
    started = time.perf_counter()
    data = _generate(deals, today)
    generate_seconds = time.perf_counter() - started

    # The history program's sample: drawn through the service, part of it interviewed.
    history, current = data["history"], data["current"]
    history_size = max(deals // 20, 1)
    _, history_draw = _measured(
        lambda: draw_sample(
            history,
            settings=DrawSettings(size=history_size, allocation="proportional", seed=7),
        )
    )
    rng = random.Random(11)
    entries = list(
        SampleEntry.objects.filter(program=history, status=EntryStatus.SELECTED).select_related(
            "deal"
        )
    )
    rng.shuffle(entries)
    n_interviewed = max(deals // 100, 1)
    with transaction.atomic():
        for entry in entries[:n_interviewed]:
            mark_interviewed(entry, on=entry.deal.close_date + dt.timedelta(rng.randrange(7, 90)))
        refused = entries[n_interviewed : n_interviewed + max(deals // 133, 1)]
        half = len(refused) // 2
        for status, part in (("declined", refused[:half]), ("unreachable", refused[half:])):
            SampleEntry.objects.filter(pk__in=[e.pk for e in part]).update(
                status=status, refusal_reason="Benchmark: no time for a call."
            )
    setup_seconds = time.perf_counter() - started

    # From here on, the peak of the measurements: setup's garbage handed back to the system,
    # then the kernel's high-water mark reset to the resident size now.
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    rss_before = _status("VmRSS")
    # 1. The draw.
    draw, draw_figures = _measured(
        lambda: draw_sample(
            current, settings=DrawSettings(size=DRAW_SIZE, allocation="balanced", seed=42)
        )
    )
    drawn = draw.entries.count()
    eligibility = eligible_deals(current).counts()

    # 2. Refusals: 20 selected deals from as many strata as there are, in a seeded order.
    selected = list(draw.entries.filter(status=EntryStatus.SELECTED).order_by("pk"))
    rng.shuffle(selected)
    by_stratum: dict[str, list] = {}
    for entry in selected:
        by_stratum.setdefault(entry.stratum_label, []).append(entry)
    picks = []
    while len(picks) < REFUSALS and any(by_stratum.values()):
        for group in by_stratum.values():
            if group and len(picks) < REFUSALS:
                picks.append(group.pop())
    refusals, proposed = [], 0
    for entry in picks:
        proposal, figures = _measured(
            lambda entry=entry: record_refusal(
                entry,
                status="declined",
                reason="Benchmark: declined.",
                user=data["analyst"],
                expected_version=entry.version,
            )
        )
        proposed += proposal is not None
        refusals.append(figures)
    refusal = sorted(refusals, key=lambda f: f["seconds"])[len(refusals) // 2]
    refusal = {**refusal, "seconds": statistics.median(f["seconds"] for f in refusals)}

    # 3. Program health of the history program (the big sample).
    health_figures = _median_of(lambda: program_health(history), REPEATS)
    health = program_health(history)
    assert health.interviewed == n_interviewed, (health.interviewed, n_interviewed)

    # 4. The pages, through the test client as the analyst.
    client = Client(HTTP_HOST="localhost")
    client.force_login(data["analyst"])
    base = f"/w/{data['workspace'].slug}/programs/{history.pk}"

    def get(url: str):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return fetch

    sample_page = _median_of(get(f"{base}/sample/"), REPEATS)
    health_page = _median_of(get(f"{base}/health/"), REPEATS)
    body = get(f"{base}/sample/")().content.decode()
    assert 'class="sample-table"' in body and "Page 1 of" in body

    return {
        "deals": deals,
        "accounts": Account.objects.count(),
        "in_scope": eligibility.in_scope,
        "eligible": eligibility.eligible,
        "excluded": eligibility.excluded,
        "drawn": drawn,
        "proposed": proposed,
        "history_entries": SampleEntry.objects.filter(program=history).count(),
        "history_interviewed": health.interviewed,
        "generate_seconds": generate_seconds,
        "setup_seconds": setup_seconds,
        "history_draw": history_draw,
        "draw": draw_figures,
        "refusal": refusal,
        "refusal_max": max(f["seconds"] for f in refusals),
        "health": health_figures,
        "sample_page": sample_page,
        "health_page": health_page,
        "deal_rows": Deal.objects.count(),
        "max_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "rss_before": rss_before,
        "measured_rss": _status("VmHWM"),
        "load": os.getloadavg()[0],  # other work on the machine during the run
    }


def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(deals: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="wl-bench-") as data_dir:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(deals), data_dir],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    if done.returncode:
        sys.exit(f"The run at {deals:,} deals failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], *keys: str) -> float:
    def value(run: dict) -> float:
        for key in keys:
            run = run[key]
        return run

    return statistics.median(value(r) for r in runs)


def _spread(runs: list[dict], key: str) -> str:
    values = [r[key]["seconds"] for r in runs]
    return f"{min(values):.2f}–{max(values):.2f}"


NAMES = {
    "draw": f"draw of {DRAW_SIZE}",
    "refusal": "refusal and replacement",
    "health": "`program_health`",
    "sample_page": "sample page",
    "health_page": "health page",
    "history_draw": "history draw",
}


def _figures_row(runs: list[dict]) -> str:
    first = runs[0]
    mb = 1024**2
    growth = (_median(runs, "measured_rss") - _median(runs, "rss_before")) / mb
    rss = (
        f"{_median(runs, 'max_rss') / mb:.0f} / {_median(runs, 'measured_rss') / mb:.0f} "
        f"(+{growth:.0f})"
    )
    cells = [
        f"{first['deals']:,}",
        f"{first['in_scope']:,} / {first['eligible']:,}",
        f"{_median(runs, 'draw', 'seconds'):.2f} ({_spread(runs, 'draw')})",
        f"{_median(runs, 'refusal', 'seconds'):.2f} ({_median(runs, 'refusal_max'):.2f})",
        f"{_median(runs, 'health', 'seconds'):.2f}",
        f"{_median(runs, 'sample_page', 'seconds'):.2f}",
        f"{_median(runs, 'health_page', 'seconds'):.2f}",
        f"{_median(runs, 'history_draw', 'seconds'):.1f} ({first['history_entries']:,})",
        rss,
    ]
    return "| " + " | ".join(cells) + " |"


def _queries_row(runs: list[dict]) -> str:
    first = runs[0]

    def q(key: str) -> str:
        counts = "/".join(f"{c:,}" for c in sorted({r[key]["queries"] for r in runs}))
        updates = first[key]["entry_updates"]
        return f"{counts} ({updates:,} UPDATEs of entries)" if updates > 1 else counts

    cells = [
        f"{first['deals']:,}",
        f"{first['history_entries']:,} / {first['history_interviewed']:,}",
        *(q(key) for key in NAMES),
    ]
    return "| " + " | ".join(cells) + " |"


def _median_run(runs: list[dict], key: str) -> dict:
    """The run whose time for ``key`` is the median one."""
    return sorted(runs, key=lambda r: r[key]["seconds"])[len(runs) // 2]


def _inside(runs: list[dict], key: str, name: str) -> float:
    return statistics.median(r[key]["inside"].get(name, 0.0) for r in runs)


def _time_row(runs: list[dict], key: str) -> str:
    def inside(name: str) -> str:
        seconds = _inside(runs, key, name)
        return f"{seconds:.2f}" if seconds else "–"

    cells = [
        NAMES[key],
        f"{_median(runs, key, 'seconds'):.2f}",
        f"{_median(runs, key, 'sql_seconds'):.2f}",
        f"{_median(runs, key, 'count_seconds'):.2f} ({runs[0][key]['counts']})",
        inside("quantile_bands"),
        inside("assign_interviewers"),
        f"{runs[0][key]['entry_updates']:,}",
    ]
    return "| " + " | ".join(cells) + " |"


def _targets(runs: list[dict]) -> list[tuple[str, float, float, bool, str]]:
    """(name, limit, median, met, every run's time) per target."""
    return [
        (
            NAMES[key],
            limit,
            _median(runs, key, "seconds"),
            _median(runs, key, "seconds") < limit,
            ", ".join(f"{r[key]['seconds']:.2f}" for r in runs),
        )
        for key, limit in TARGETS.items()
    ]


def _queries_constant(by_size: dict[int, list[dict]]) -> list[str]:
    """The figures whose query count differs between sizes (none, when there is no N+1)."""
    return [
        NAMES[key]
        for key in TARGETS
        if len({r[key]["queries"] for runs in by_size.values() for r in runs}) > 1
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the median is kept")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[1]), int(args.child[0]))))
        return

    by_size: dict[int, list[dict]] = {}
    for deals in sorted(set(args.deals)):
        by_size[deals] = []
        for run in range(args.runs):
            started = time.perf_counter()
            by_size[deals].append(_child(deals))
            print(
                f"{deals:,} deals, run {run + 1}: {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )
    largest = max(by_size)
    at_largest = by_size[largest]
    figures = [
        "| deals | in scope / eligible | draw of 400 s (min–max) | refusal s (slowest of 20) "
        "| `program_health` s | sample page s | health page s | history draw s (entries) "
        "| peak RSS MB: process / measurements (growth) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_figures_row(runs) for runs in by_size.values()),
    ]
    queries = [
        "| deals | history entries / interviewed | draw of 400 | refusal | `program_health` "
        "| sample page | health page | history draw |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(_queries_row(runs) for runs in by_size.values()),
    ]
    targets = [
        f"| at {largest:,} deals | target s | median s | runs s | met |",
        "|---|---:|---:|---:|---|",
        *(
            f"| {name} | under {limit:g} | {seconds:.2f} | {each} | {'yes' if met else '**no**'} |"
            for name, limit, seconds, met, each in _targets(at_largest)
        ),
    ]
    where = [
        f"| at {largest:,} deals | total s | in SQL s | of which counting s (queries) "
        "| in `quantile_bands` s | in `assign_interviewers` s | UPDATEs of entries |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(_time_row(at_largest, key) for key in NAMES),
    ]
    tables = [figures, queries, targets, where]
    print()
    print("\n\n".join("\n".join(t) for t in tables))
    for key in NAMES:  # the heaviest statement of each figure, for whoever reads the log
        seconds, times, sql, _ = _median_run(at_largest, key)[key]["heaviest"][0]
        print(f"{NAMES[key]}: {seconds:.3f} s in {times}× {sql[:160]}…", file=sys.stderr)
    if not args.no_write:
        _write_results(*("\n".join(t) for t in tables), runs=args.runs, by_size=by_size)


def _what(sql: str) -> str:
    """What a statement is, in the words of the code that sends it."""
    if sql.startswith('SELECT COUNT("deals_deal"."id") AS "in_scope"'):
        return "the eligibility counts (`Eligibility.counts()`, one aggregate)"
    if sql.startswith('SELECT "deals_deal"."amount"'):
        return "an OFFSET read of `quantile_bands`"
    if sql.startswith('UPDATE "programs_sampleentry"'):
        return "the per-entry UPDATEs of `assign_interviewers`"
    if sql.startswith('INSERT INTO "programs_sampleentry"'):
        return "the entries' bulk INSERT"
    if sql.startswith('SELECT "deals_deal"."id" AS "id", "deals_deal"."account_id"'):
        return "reading the eligible deals with their accounts"
    if sql.startswith('SELECT "deals_deal"."account_id" AS "deal__account_id"'):
        return "the accounts already in the sample"
    if "GROUP BY" in sql:
        source = sql.split(" FROM ", 1)[-1]
        if source.startswith('"programs_sampleentry"'):
            return "a GROUP BY of the sample by one coverage cut"
        if source.startswith('"deals_deal"'):
            return "a GROUP BY of the scope by one coverage cut"
    if sql.startswith("SELECT COUNT("):
        return "a count"
    return f"`{sql[:60]}…`"


def _write_results(
    figures: str, queries: str, targets: str, where: str, *, runs: int, by_size: dict
) -> None:
    largest = max(by_size)
    at = by_size[largest]
    first = at[0]
    missed = [
        f"{name} (median {seconds:.2f} s, not under {limit:g} s; runs {each})"
        for name, limit, seconds, met, each in _targets(at)
        if not met
    ]
    growing = _queries_constant(by_size)
    sizes = " and ".join(f"{n:,}" for n in by_size)
    verdict = (
        "Every time target is met"
        if not missed
        else f"Not met: {'; '.join(missed)}. Every other time target is met"
    )
    verdict += f" at {largest:,} deals. "
    entries = " and ".join(f"{runs[0]['history_entries']:,}" for runs in by_size.values())
    verdict += (
        f"Query counts are the same at {sizes} deals (and {entries} history entries) for "
        "every figure with a target: no query runs once per deal or per entry shown. "
        if not growing
        else f"Query counts differ between the sizes for {', '.join(growing)}. "
    )
    draw_updates = first["draw"]["entry_updates"]
    history_updates = first["history_draw"]["entry_updates"]
    per_entry = history_updates >= first["history_entries"]
    verdict += (
        "One N+1 remains, on the size of the sample drawn rather than on the deals: "
        "`assign_interviewers` sends one UPDATE per drawn entry (the draw of "
        f"{DRAW_SIZE} runs {draw_updates} of its {first['draw']['queries']} queries that way, "
        f"the history draw {history_updates:,} of {first['history_draw']['queries']:,})."
        if per_entry
        else "The draw's writes come in batches: `assign_interviewers` sends "
        f"{draw_updates} UPDATE statement{'s' if draw_updates != 1 else ''} for the draw of "
        f"{DRAW_SIZE} and {history_updates} for the history draw of "
        f"{first['history_entries']:,} ({first['history_draw']['queries']:,} queries in all)."
    )
    heaviest = "; ".join(
        f"{NAMES[key]}: {_median_run(at, key)[key]['heaviest'][0][3]}, "
        f"{_median_run(at, key)[key]['heaviest'][0][0]:.2f} s"
        for key in NAMES
        if _median_run(at, key)[key]["heaviest"]
    )
    draw_s = _median(at, "draw", "seconds")
    draw_counts = _median(at, "draw", "count_seconds")
    draw_quantiles = _inside(at, "draw", "quantile_bands")
    history_s = _median(at, "history_draw", "seconds")
    draw_assign = _inside(at, "draw", "assign_interviewers")
    draw_low = min(r["draw"]["seconds"] for r in at)
    draw_high = max(r["draw"]["seconds"] for r in at)
    spread = max(
        max(r[key]["seconds"] for r in at) / min(r[key]["seconds"] for r in at) - 1
        for key in TARGETS
    )
    history_assign = _inside(at, "history_draw", "assign_interviewers")
    loads = ", ".join(f"{r['load']:.1f}" for r in at)
    noise = (
        f"this shared machine's speed moved by up to {spread:.0%} between runs of the same "
        f"figure (the draw took {draw_low:.2f} to {draw_high:.2f} s; the load average at the "
        f"end of the {largest:,}-deal runs was {loads} on {os.cpu_count()} cores), so a time "
        "near its target can land on either side of it: the median is the figure to read. "
        if len(at) > 1
        else ""
    )
    assign_how = (
        "still updates the drawn entries one at a time (one UPDATE and its Python per entry)"
        if per_entry
        else "loads the unassigned entries with their deals, chooses an interviewer for "
        f"each and writes them with `bulk_update` ({history_updates} statements for "
        f"{first['history_entries']:,} entries)"
    )
    before = _median(at, "rss_before") / 1024**2
    peak = _median(at, "measured_rss") / 1024**2
    section = (
        f"{HEADING}\n\n"
        f"Measured {dt.date.today().isoformat()} on {machine(sqlite=True)} with "
        "`.venv/bin/python benchmarks/sample_health.py`. Each run is one process with its own "
        "DATA_DIR and a freshly migrated SQLite database (WAL; DEBUG=1, as `make run`), "
        "filled with `bulk_create` before any timing: one workspace of N closed deals (35% "
        "won, 45% lost, 20% no decision; 6 regions, 8 industries, 4 tiers, 5 product lines; "
        "log-normal amounts around 40,000, one in a hundred without one; close dates spread "
        "over the last two years; one deal in 200 with an open dispute), N/10 accounts with "
        "one contact each (3% do-not-contact) linked to every deal of the account, 3 "
        'interviewers and the analyst the pages are requested as. Program "current" covers '
        'the last year (about N/2 deals). Program "history" covers the year before and holds '
        "a proportional `draw_sample` of N/20 deals (the history draw column; 10,000 at 200k), "
        "of which N/100 are marked interviewed with `mark_interviewed` and N/133 declined or "
        "unreachable; its accounts are recently approached, so they keep about 40% of "
        "current's deals out of its sample.\n\n"
        f'Measured in that order: `draw_sample` of {DRAW_SIZE} deals on "current", balanced '
        "per outcome, stratified by region and deal-size terciles (once per run: a program "
        f"has one draw); `record_refusal` of {REFUSALS} selected deals spread over the strata, "
        "each proposing its replacement (the median, and the slowest); `program_health` of "
        '"history"; its sample page (the first of its pages of 100 entries) and its health '
        "page through Django's test `Client`, logged in as the analyst (health and the pages: "
        f"the median of {REPEATS} calls after a warm-up call). Every time is the median of "
        f"{runs} runs. Queries are counted with `CaptureQueriesContext` (the COMMIT "
        "included), or by an execute wrapper where a call runs past DEBUG's 9,000-query "
        "log. Peak RSS is the whole process (`ru_maxrss`, data generation included) and "
        "the peak while the measurements ran (the high-water mark reset after setup, once "
        "setup's garbage was handed back; growth: above the resident size at that reset).\n\n"
        f"{figures}\n\n"
        "SQL queries per call (one figure when every run agrees):\n\n"
        f"{queries}\n\n"
        f"Targets (the draw under 5 s, a refusal's replacement under 1 s, health and the "
        f"pages under 2 s, queries independent of the number of deals and entries): "
        f"{verdict}\n\n"
        f"{targets}\n\n"
        "Where the time goes (the median run's SQL, from the execute wrapper):\n\n"
        f"{where}\n\n"
        f"Reading the figures: {noise}The heaviest SQL statement of each figure (in the "
        f"run with its median time): {heaviest}. What remains to gain: the draw spends "
        f"{draw_quantiles:.2f} of its {draw_s:.2f} s in `quantile_bands` (a count and two "
        "OFFSET queries, each re-evaluating every exclusion rule over the scope; the OFFSET "
        "ones sort it by amount, which has no index) and "
        f"{draw_counts:.2f} s in counting queries (`Eligibility.counts()`, of which the draw "
        "keeps only the excluded figures, and the `quantile_bands` count, so the two "
        f"overlap). `assign_interviewers` {assign_how}: {draw_assign:.2f} s at {DRAW_SIZE} "
        f"entries, {history_assign:.1f} of the {history_s:.1f} s of the history draw of "
        f"{first['history_entries']:,}. `program_health` and the health page are a fixed set "
        "of GROUP BY queries over the scope and the sample, 12 of them for the six coverage "
        "cuts: their time grows with the deals in scope, their query count does not. "
        f"Memory: the measurements took the process from {before:.0f} MB resident after "
        f"setup to a peak of {peak:.0f} MB.\n"
    )
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    start = text.find(HEADING)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
