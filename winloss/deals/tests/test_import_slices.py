"""Imports write in short slices: the counts and the all-or-nothing rule are as before."""

import csv

import pytest

from winloss.deals.imports import import_deals, run
from winloss.deals.models import Account, Deal


def _file(path, rows: int, *, bad_row: int | None = None):
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Opportunity ID", "Opportunity Name", "Account Name", "Stage",
                         "Amount", "Close Date"])  # fmt: skip
        for n in range(rows):
            close = "not a date" if n == bad_row else f"2025-{n % 12 + 1:02d}-01"
            writer.writerow([f"006{n:09d}", f"Deal {n}", f"Account {n % 3000}",
                             "Closed Lost", "100.00", close])  # fmt: skip
    return path


# Real commits, one slice per chunk: the test itself must not be inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_dry_run_in_many_slices_counts_what_the_import_then_does(
    workspace, tmp_path, monkeypatch
):
    monkeypatch.setattr(run, "WRITE_SLICE_SECONDS", 0)
    monkeypatch.setattr(run, "PAUSE_SECONDS", 0)
    path = _file(tmp_path / "deals.csv", 5_000)  # three chunks; accounts shared across them
    dry = import_deals(workspace=workspace, source=path, dry_run=True)
    assert (dry.created, dry.accounts_created) == (5_000, 3_000)
    assert not Deal.objects.exists() and not Account.objects.exists()
    done = import_deals(workspace=workspace, source=path)
    assert (done.created, done.accounts_created) == (5_000, 3_000)
    assert Deal.objects.count() == 5_000 and Account.objects.count() == 3_000
    again = import_deals(workspace=workspace, source=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5_000)


@pytest.mark.django_db(transaction=True)
def test_a_row_error_anywhere_still_writes_nothing(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "WRITE_SLICE_SECONDS", 0)
    path = _file(tmp_path / "deals.csv", 5_000, bad_row=4_500)
    result = import_deals(workspace=workspace, source=path)
    assert result.stopped and not result.saved
    assert not Deal.objects.exists()
