"""Escalation hints benchmark: how many urgent passages SOP step 9's detection catches, and
how many ordinary ones it flags by mistake.

    .venv/bin/python benchmarks/escalation_detect.py             # figures, written to RESULTS.md
    .venv/bin/python benchmarks/escalation_detect.py --no-write  # figures only

Two labelled sets:

* ``benchmarks/data/escalation_security.tsv``: statements about a vendor's security, each
  labelled ``security_risk`` or ``none`` (hard negatives: security mentioned, nothing wrong),
  split in ``dev`` and ``test`` halves. The security patterns were adjusted on ``dev`` only;
  ``test`` is frozen: nothing is tuned on it.
* ``winloss/coding/tests/data/escalation_*``: the statements the test suite pins, for every
  category. The patterns were written with these in view, so their figures are a floor check,
  not an estimate of what happens on new words.

Every statement in both sets was written for this product, not collected from buyers: read
the figures as what the patterns cover, not as field accuracy.
"""

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from winloss.coding.escalation_detect import CATEGORIES, detect  # noqa: E402

SECURITY = ROOT / "benchmarks" / "data" / "escalation_security.tsv"
SUITE = ROOT / "winloss" / "coding" / "tests" / "data"


def _rate(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "—"


def security_rows(split: str) -> dict[str, str]:
    with SECURITY.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["split"] == split]
    hits = sum("security_risk" in _categories(r["statement"]) for r in rows if r["label"] != "none")
    positives = sum(r["label"] != "none" for r in rows)
    # A hard negative is wrongly flagged by any category, not only security.
    flagged = sum(bool(_categories(r["statement"])) for r in rows if r["label"] == "none")
    negatives = len(rows) - positives
    return {"hit": _rate(hits, positives), "false": _rate(flagged, negatives)}


def suite_rows() -> dict[str, tuple[int, int]]:
    lines = (SUITE / "escalation_flagged.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [tuple(line.split("\t", 1)) for line in lines if line.strip()]
    return {
        category: (
            sum(category in _categories(text) for found, text in pairs if found == category),
            sum(found == category for found, _ in pairs),
        )
        for category in CATEGORIES
    }


def _categories(text: str) -> set[str]:
    return {hint.category for hint in detect(text)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS.md")
    args = parser.parse_args()
    dev, test = security_rows("dev"), security_rows("test")
    ordinary = [
        line
        for line in (SUITE / "escalation_ordinary.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    wrongly = sum(bool(_categories(line)) for line in ordinary)
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()} with "
        "`.venv/bin/python benchmarks/escalation_detect.py`. Every statement in both sets was "
        "written for this product (none collected from buyers): the figures say what the "
        "patterns cover, not how they do on words nobody here wrote.",
        "",
        "**Security risk** (`benchmarks/data/escalation_security.tsv`; patterns adjusted on "
        "the dev half only, the test half frozen):",
        "",
        "| split | security passages caught | hard negatives flagged (any category) |",
        "|---|---:|---:|",
        f"| dev | {dev['hit']} | {dev['false']} |",
        f"| test (frozen) | {test['hit']} | {test['false']} |",
        "",
        "**Every category** on the statements the test suite pins (written with the patterns "
        "in view, so a floor, not an estimate):",
        "",
        "| category | caught |",
        "|---|---:|",
        *(f"| {c} | {_rate(*kn)} |" for c, kn in suite_rows().items()),
        f"| ordinary statements flagged | {_rate(wrongly, len(ordinary))} |",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("Escalation hints", body)


if __name__ == "__main__":
    main()
