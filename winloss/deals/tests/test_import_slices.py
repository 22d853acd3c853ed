"""Imports write in short slices: the counts and the all-or-nothing rule are as before."""

import csv

import pytest
from django.db import connection

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


@pytest.mark.django_db(transaction=True)
def test_slices_grow_while_nobody_else_writes_and_shrink_when_someone_does(
    workspace, tmp_path, monkeypatch
):
    if connection.vendor != "sqlite":
        pytest.skip("the pauses, and so the growing slices, are SQLite's")
    # One chunk a slice (a slice's time is up at once); whether anyone wrote during each
    # pause is scripted: nobody, nobody, someone, nobody, nobody.
    monkeypatch.setattr(run, "WRITE_SLICE_SECONDS", 1e-9)
    monkeypatch.setattr(run, "LONGEST_SLICE_SECONDS", 4e-9)
    others_wrote = iter([False, False, True, False, False])
    monkeypatch.setattr(run, "_step_aside", lambda: next(others_wrote))
    lengths = []
    write_slice = run._write_slice

    def recorded(writer, chunks, *, roll_back, seconds):
        lengths.append(seconds)
        return write_slice(writer, chunks, roll_back=roll_back, seconds=seconds)

    monkeypatch.setattr(run, "_write_slice", recorded)
    result = import_deals(workspace=workspace, source=_file(tmp_path / "deals.csv", 9_000))
    assert result.created == 9_000 and Deal.objects.count() == 9_000
    # Five chunks: doubled twice, held at the longest, back to the shortest, doubled; then
    # the call that finds no chunk left.
    assert lengths == [1e-9, 2e-9, 4e-9, 1e-9, 2e-9, 4e-9]


@pytest.mark.django_db(transaction=True)
def test_a_pause_knows_whether_another_connection_wrote(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the pauses are SQLite's")
    monkeypatch.setattr(run, "PAUSE_SECONDS", 0)
    assert run._step_aside() is False
    other = connection.copy()
    try:
        real_sleep = run.time.sleep

        def someone_writes(seconds):
            with other.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO accounts_workspace (slug, name, timezone, created, version) "
                    "VALUES ('other', 'Other', '', CURRENT_TIMESTAMP, 1)"
                )
            real_sleep(seconds)

        monkeypatch.setattr(run.time, "sleep", someone_writes)
        assert run._step_aside() is True
    finally:
        other.close()
