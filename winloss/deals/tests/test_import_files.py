"""The real CRM files in ../shared/data/crm import with the counts the files themselves give."""

import collections
import csv
from decimal import Decimal
from pathlib import Path

import pytest

from winloss.deals.imports import import_deals
from winloss.deals.imports.enrich import import_file
from winloss.deals.models import Account, Deal, Outcome

CRM = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "crm"
pytestmark = pytest.mark.skipif(
    not CRM.is_dir(), reason=f"the shared CRM sample files are not at {CRM.resolve()}"
)


def _outcomes(workspace) -> dict[str, int]:
    return dict(
        collections.Counter(
            Deal.objects.filter(workspace=workspace).values_list("outcome", flat=True)
        )
    )


def test_the_maven_pipeline_imports_with_its_own_counts_and_again_changes_nothing(workspace):
    with (CRM / "maven_sales_pipeline.csv").open(newline="") as handle:
        stages = collections.Counter(row["deal_stage"] for row in csv.DictReader(handle))
    result = import_deals(workspace=workspace, source=CRM / "maven_sales_pipeline.csv")
    assert (result.rows, result.created, result.rejected) == (8800, 8800, 0)
    assert result.mapping.columns == {
        "opportunity_id": "crm_id",
        "sales_agent": "owner_name",
        "product": "product",
        "account": "account",
        "deal_stage": "stage",
        "engage_date": "created_date",
        "close_date": "close_date",
        "close_value": "amount",
    }
    assert _outcomes(workspace) == {
        Outcome.WON: stages["Won"],
        Outcome.LOST: stages["Lost"],
        Outcome.OPEN: stages["Engaging"] + stages["Prospecting"],
    }
    assert _outcomes(workspace) == {Outcome.WON: 4238, Outcome.LOST: 2473, Outcome.OPEN: 2089}
    again = import_deals(workspace=workspace, source=CRM / "maven_sales_pipeline.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8800)


def test_the_salesforce_sample_reads_its_bom_and_checkbox_booleans(workspace):
    path = CRM / "salesforce_opportunity_sample.csv"
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    won = sum(1 for r in rows if r["IsWon"] == "1")
    lost = sum(1 for r in rows if r["IsClosed"] == "1" and r["IsWon"] != "1")
    result = import_deals(workspace=workspace, source=path)
    assert result.mapping.format == "salesforce"
    assert result.mapping.header_for("crm_id") == "Id"  # the BOM is not part of the header
    assert (result.created, result.rejected) == (50, 0)
    assert _outcomes(workspace) == {
        Outcome.WON: won,
        Outcome.LOST: lost,
        Outcome.OPEN: len(rows) - won - lost,
    }
    assert (won, lost) == (12, 3)
    deal = Deal.objects.get(workspace=workspace, crm_id="006Ec00000AieKFIAZ")
    assert deal.amount == Decimal("1124741.15")
    assert deal.name == "Patterson-Hansen - Merchant Services - November 2024"
    again = import_deals(workspace=workspace, source=path)
    assert again.unchanged == 50 and again.created == again.updated == 0


def test_the_salvirt_file_gets_stable_ids_and_counts_its_distinct_rows(workspace):
    path = CRM / "salvirt_b2b_win_loss.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        distinct = {tuple(row) for row in list(csv.reader(handle, delimiter=";"))[1:]}
    statuses = collections.Counter(row[-1] for row in distinct)
    result = import_deals(workspace=workspace, source=path)
    assert (result.rows, result.duplicates, result.created) == (448, 83, 365)
    assert _outcomes(workspace) == {Outcome.WON: statuses["Won"], Outcome.LOST: statuses["Lost"]}
    ids = set(Deal.objects.filter(workspace=workspace).values_list("crm_id", flat=True))
    assert all(i.startswith("row-") for i in ids)
    again = import_deals(workspace=workspace, source=path)
    assert (again.created, again.unchanged, again.duplicates) == (0, 365, 83)
    assert set(Deal.objects.filter(workspace=workspace).values_list("crm_id", flat=True)) == ids


def test_the_maven_companion_files_enrich_accounts_owners_and_product_lines(workspace):
    import_deals(workspace=workspace, source=CRM / "maven_sales_pipeline.csv")
    accounts = import_file(workspace=workspace, source=CRM / "maven_accounts.csv")
    assert accounts.what == "accounts"
    assert (accounts.rows, accounts.updated, accounts.rejected) == (85, 85, 0)
    acme = Account.objects.get(workspace=workspace, name="Acme Corporation")
    assert (acme.industry, acme.country, acme.tier, acme.employees) == (
        "technolgy",
        "United States",
        "Enterprise",
        2822,
    )
    assert acme.annual_revenue == Decimal("1100040000.00")
    assert set(acme.deals.values_list("industry", "tier")) == {("technolgy", "Enterprise")}

    teams = import_file(workspace=workspace, source=CRM / "maven_sales_teams.csv")
    assert teams.what == "sales teams"
    moses = Deal.objects.filter(workspace=workspace, owner_name="Moses Frase")
    assert set(moses.values_list("owner_team", "region")) == {
        ("Dustin Brinkmann's team", "Central")
    }

    products = import_file(workspace=workspace, source=CRM / "maven_products.csv")
    assert products.what == "product lines"
    lines = dict(Deal.objects.filter(workspace=workspace).values_list("product", "product_line"))
    assert lines["GTXPro"] == "GTX"  # the pipeline's spelling of "GTX Pro"
    assert lines["GTK 500"] == "GTK"
    assert not Deal.objects.filter(workspace=workspace, product_line="").exists()

    for name in ("maven_accounts.csv", "maven_sales_teams.csv", "maven_products.csv"):
        again = import_file(workspace=workspace, source=CRM / name)
        assert (again.created, again.updated, again.deals_updated) == (0, 0, 0), name
