"""Companion files: accounts, sales teams and products fill in what deal exports leave out."""

import io
from decimal import Decimal

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.deals.imports import import_deals
from winloss.deals.imports.enrich import enrich, enrichment_kind, import_file
from winloss.deals.models import Account, Deal


def _source(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_companion_files_are_told_apart_from_deal_files_by_their_headers():
    assert enrichment_kind(["account", "sector", "revenue", "office_location"]) == "accounts"
    assert enrichment_kind(["sales_agent", "manager", "regional_office"]) == "teams"
    assert enrichment_kind(["product", "series", "sales_price"]) == "products"
    assert enrichment_kind(["Id", "StageName", "Amount"]) is None


def test_a_salesforce_account_export_names_accounts_a_deal_file_knew_only_by_id(workspace):
    deals = "Id,AccountId,StageName,CloseDate\n006A,001X,Closed Won,2025-01-02\n"
    import_deals(workspace=workspace, source=_source(deals))
    assert Account.objects.get(workspace=workspace).name == "001X"
    accounts = (
        "Id,Name,Industry,AnnualRevenue,NumberOfEmployees,BillingCountry\n"
        '001X,Initech,Software,"250,000,000",1200,United States\n'
    )
    result = import_file(workspace=workspace, source=_source(accounts), file_name="acc.csv")
    assert (result.what, result.updated, result.created) == ("accounts", 1, 0)
    account = Account.objects.get(workspace=workspace)
    assert (account.name, account.industry, account.tier, account.employees) == (
        "Initech",
        "Software",
        "Mid-market",
        1200,
    )
    assert account.annual_revenue == Decimal("250000000")
    deal = Deal.objects.get(workspace=workspace)
    assert (deal.industry, deal.tier) == ("Software", "Mid-market")
    entry = LogEntry.objects.get(workspace=workspace, action="deals.enriched")
    assert describe(entry) == "system updated accounts from acc.csv."


def test_an_accounts_file_with_a_bad_row_changes_nothing_unless_valid_only(workspace):
    text = (
        "account,sector,revenue,employees,office_location\n"
        "Acme,retail,1500,12000,Germany\nGlobex,energy,80,many,Norway\n"
    )
    result = enrich(workspace=workspace, source=_source(text))
    assert result.stopped
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "employees", "many")]
    assert not Account.objects.filter(workspace=workspace).exists()
    result = enrich(workspace=workspace, source=_source(text), valid_only=True)
    assert (result.created, result.rejected) == (1, 1)
    acme = Account.objects.get(workspace=workspace)
    assert (acme.name, acme.tier, acme.annual_revenue) == (
        "Acme",
        "Enterprise",
        Decimal("1500000000"),
    )


def test_an_accounts_file_leaves_a_deals_own_industry_when_the_account_has_none(workspace):
    deals = "Id,Stage,Account Name,Industry\n1,Open,Acme,Retail\n"
    import_deals(workspace=workspace, source=_source(deals))
    enrich(workspace=workspace, source=_source("account,employees,office_location\nAcme,5,Peru\n"))
    assert Deal.objects.get(workspace=workspace).industry == "Retail"


def test_product_names_match_without_spaces_or_case(workspace):
    deals = "Id,Stage,Product\n1,Open,GTXPro\n2,Open,gtx pro\n3,Open,MG Special\n"
    import_deals(workspace=workspace, source=_source(deals))
    result = enrich(workspace=workspace, source=_source("product,series\nGTX Pro,GTX\nZX 1,ZX\n"))
    assert (result.updated, result.deals_updated) == (1, 2)
    assert result.warnings == ["1 of 2 products match no deal yet."]
    lines = dict(Deal.objects.filter(workspace=workspace).values_list("crm_id", "product_line"))
    assert lines == {"1": "GTX", "2": "GTX", "3": ""}


def test_a_sales_team_file_gives_each_agents_deals_a_team_and_region(workspace):
    deals = "Id,Stage,Sales Agent\n1,Open,Moses Frase\n2,Open,moses frase\n3,Open,Ann Lee\n"
    import_deals(workspace=workspace, source=_source(deals))
    teams = "sales_agent,manager,regional_office\nMoses Frase,Dustin Brinkmann,Central\n"
    result = enrich(workspace=workspace, source=_source(teams), dry_run=True)
    assert result.deals_updated == 2
    assert not Deal.objects.filter(workspace=workspace).exclude(owner_team="").exists()
    enrich(workspace=workspace, source=_source(teams))
    rows = Deal.objects.filter(workspace=workspace).order_by("crm_id")
    assert list(rows.values_list("owner_team", "region", "version")) == [
        ("Dustin Brinkmann's team", "Central", 2),
        ("Dustin Brinkmann's team", "Central", 2),
        ("", "", 1),
    ]
