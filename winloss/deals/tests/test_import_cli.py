"""winloss import-deals: the mapping it used, the counts, one JSON object, the exit code."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from winloss.deals.imports.mappings import save_mapping
from winloss.deals.models import Deal, SavedMapping

CRM = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "crm"
ROOT = Path(__file__).resolve().parents[3]
JSON_KEYS = [
    "created",
    "updated",
    "unchanged",
    "rejected",
    "duplicates",
    "errors",
    "mapping",
    "warnings",
]
GOOD = "Id,Name,Stage,Close Date,Amount\n1,Acme,Closed Won,2025-03-31,100\n2,Globex,Open,,50\n"
BAD = "Id,Name,Stage,Close Date,Amount\n1,Acme,Closed Won,2025-03-31,100\n2,Globex,Won,soon,50\n"


def _run(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_deals", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    return path


@pytest.fixture
def bad(tmp_path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(BAD)
    return path


@pytest.mark.skipif(not CRM.is_dir(), reason=f"no shared CRM files at {CRM}")
@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("maven_sales_pipeline.csv", ["opportunity_id  ->  crm_id", "deal_stage      ->  stage",
          "close_value     ->  amount", "sales_agent     ->  owner_name"]),
        ("salesforce_opportunity_sample.csv", ["StageName    ->  stage",
          "IsWon        ->  is_won"]),
        ("salvirt_b2b_win_loss.csv", ["Status     ->  stage", "Seller     ->  owner_name"]),
    ],
)  # fmt: skip
def test_each_shared_file_imports_without_a_mapping_and_prints_the_mapping_used(
    workspace, name, lines
):
    output = _run(str(CRM / name), workspace=workspace.slug)
    assert "Mapping used:" in output
    for line in lines:
        assert line in output
    assert "Imported " in output and "rows of deals" in output


def test_json_prints_exactly_one_object_with_the_counts_errors_and_mapping(workspace, good):
    data = json.loads(_run(str(good), workspace=workspace.slug, json=True))
    assert list(data) == JSON_KEYS
    assert (data["created"], data["updated"], data["unchanged"], data["rejected"]) == (2, 0, 0, 0)
    assert data["errors"] == [] and data["duplicates"] == 0
    assert data["mapping"]["columns"] == {
        "Id": "crm_id",
        "Name": "name",
        "Stage": "stage",
        "Close Date": "close_date",
        "Amount": "amount",
    }


def test_row_errors_stop_the_import_print_them_and_fail_the_command(workspace, bad):
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        call_command("import_deals", str(bad), workspace=workspace.slug, json=True, stdout=out)
    assert raised.value.returncode == 1
    data = json.loads(out.getvalue())
    assert data["errors"] == [
        {"row": 3, "column": "Close Date", "value": "soon", "message": data["errors"][0]["message"]}
    ]
    assert "'soon' is not a date" in data["errors"][0]["message"]
    assert not Deal.objects.filter(workspace=workspace).exists()


def test_valid_only_imports_the_good_rows_and_lists_the_rejects(workspace, bad):
    output = _run(str(bad), workspace=workspace.slug, valid_only=True)
    assert "1 new" in output and "1 rejected" in output
    assert "Row 3, column Close Date: 'soon' is not a date" in output
    assert Deal.objects.filter(workspace=workspace).count() == 1


def test_a_dry_run_says_what_would_happen_and_saves_nothing(workspace, good):
    output = _run(str(good), workspace=workspace.slug, dry_run=True)
    assert "Would import 2 rows of deals: 2 new" in output
    assert not Deal.objects.filter(workspace=workspace).exists()


def test_a_saved_mapping_is_used_by_name(workspace, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Ref,Titel,Phase\nA1,Großauftrag,Won\n")
    save_mapping(
        workspace=workspace,
        user=None,
        name="German export",
        columns={"Ref": "crm_id", "Titel": "name", "Phase": "stage"},
    )
    with pytest.raises(CommandError, match="There is no saved mapping called 'nope'"):
        _run(str(path), workspace=workspace.slug, mapping="nope")
    output = _run(str(path), workspace=workspace.slug, mapping="german EXPORT", date_order="dmy")
    assert "Titel  ->  name" in output
    assert Deal.objects.get(workspace=workspace, crm_id="A1").name == "Großauftrag"


def test_the_mapping_used_can_be_saved_for_next_time(workspace, good):
    _run(str(good), workspace=workspace.slug, save_mapping="Plain CSV")
    saved = SavedMapping.objects.get(workspace=workspace)
    assert saved.name == "Plain CSV" and saved.columns["Close Date"] == "close_date"


def test_an_unreadable_file_or_unknown_workspace_is_a_clear_error(workspace, tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError, match="binary data"):
        _run(str(junk), workspace=workspace.slug)
    with pytest.raises(CommandError, match="There is no workspace 'nowhere'"):
        _run(str(junk), workspace="nowhere")


@pytest.mark.xdist_group("migrated-sqlite")
def test_the_real_command_exits_non_zero_when_errors_stop_the_import(migrated_data_dir, bad):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(migrated_data_dir),
        "SECRET_KEY": "test-only",
        "TASK_BACKEND": "immediate",
    }
    env.pop("DATABASE_URL", None)

    def winloss(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "winloss", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert winloss("create-workspace", "acme").returncode == 0
    failed = winloss("import-deals", str(bad), "--workspace", "acme", "--json")
    assert failed.returncode == 1
    assert list(json.loads(failed.stdout)) == JSON_KEYS
    assert "Nothing was imported" in failed.stderr
    done = winloss("import-deals", str(bad), "--workspace", "acme", "--valid-only", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["created"] == 1


def test_a_companion_file_prints_its_own_columns(workspace, tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("account,sector,revenue,employees\nAcme,retail,1500,12000\n")
    output = _run(str(path), workspace=workspace.slug)
    assert "Format: accounts file" in output
    assert "revenue    ->  revenue_millions" in output
    assert "Imported 1 rows of accounts: 1 new" in output
