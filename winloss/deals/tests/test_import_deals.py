"""import_deals: all or nothing, upsert by CRM id, and what the person is told."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.deals.imports import ImportFailed, import_deals
from winloss.deals.models import Account, Competitor, Deal, Outcome
from winloss.testing import make_account, make_competitor, make_member

SALESFORCE = (
    "Id,Name,Account.Name,StageName,Amount,CloseDate,CreatedDate,IsClosed,IsWon,Owner.Email\n"
    "006A,Acme - Platform,Acme Corp,Closed Won,12000.00,2025-03-31,"
    "2025-01-10T09:00:00.000+0000,1,1,rita@acme.example\n"
    "006B,Globex - Pilot,Globex,Closed Lost,8000.00,2025-02-14,2025-01-12T09:00:00.000+0000,1,,\n"
    "006C,Initech - TPS,Initech,Negotiation,5000.00,2025-06-30,2025-02-01T09:00:00.000+0000,,,\n"
)


def _import(workspace, text: str, **options):
    return import_deals(workspace=workspace, source=io.BytesIO(text.encode()), **options)


def _deal(workspace, crm_id: str) -> Deal:
    return Deal.objects.get(workspace=workspace, crm_id=crm_id)


def test_a_salesforce_export_creates_deals_accounts_and_one_log_entry(workspace):
    result = _import(workspace, SALESFORCE, actor="importer", file_name="opps.csv")
    assert (result.created, result.updated, result.unchanged, result.rejected) == (3, 0, 0, 0)
    won = _deal(workspace, "006A")
    assert (won.outcome, won.amount, won.close_date) == (
        Outcome.WON,
        Decimal("12000.00"),
        dt.date(2025, 3, 31),
    )
    assert won.created_date == dt.date(2025, 1, 10)
    assert won.account.name == "Acme Corp"
    assert _deal(workspace, "006B").outcome == Outcome.LOST
    assert _deal(workspace, "006C").outcome == Outcome.OPEN
    assert Account.objects.filter(workspace=workspace).count() == 3
    entries = LogEntry.objects.filter(workspace=workspace, action="deals.imported")
    assert entries.count() == 1
    assert describe(entries.get()) == (
        "importer imported deals from opps.csv: 3 new, 0 updated, 0 unchanged, 0 rejected."
    )


def test_importing_the_same_file_again_changes_nothing(workspace):
    _import(workspace, SALESFORCE)
    before = list(
        Deal.objects.filter(workspace=workspace).values_list("crm_id", "version", "updated")
    )
    result = _import(workspace, SALESFORCE)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    after = list(
        Deal.objects.filter(workspace=workspace).values_list("crm_id", "version", "updated")
    )
    assert after == before


def test_a_newer_export_updates_only_what_changed_and_bumps_the_version(workspace):
    _import(workspace, SALESFORCE)
    initech = _deal(workspace, "006C")
    initech.region = "EMEA"  # set in winloss; the export has no region column
    initech.save()
    newer = SALESFORCE.replace(
        "006C,Initech - TPS,Initech,Negotiation,5000.00,2025-06-30",
        "006C,Initech - TPS,Initech,Closed Won,5500.00,2025-05-30",
    ).replace(",,,\n", ",1,1,\n")
    result = _import(workspace, newer)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    initech = _deal(workspace, "006C")
    assert (initech.outcome, initech.amount, initech.close_date) == (
        Outcome.WON,
        Decimal("5500.00"),
        dt.date(2025, 5, 30),
    )
    assert initech.version == 2
    assert initech.region == "EMEA"
    assert _deal(workspace, "006A").version == 1


def test_a_bad_date_in_one_row_names_it_and_saves_nothing(workspace):
    bad = SALESFORCE.replace("2025-02-14", "31/02/2025")
    result = _import(workspace, bad)
    assert result.stopped
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "CloseDate", "31/02/2025")]
    assert "not a real date" in result.errors[0].message
    assert (result.created, result.rejected) == (0, 1)
    assert not Deal.objects.filter(workspace=workspace).exists()
    assert not Account.objects.filter(workspace=workspace).exists()
    assert not LogEntry.objects.filter(workspace=workspace, action="deals.imported").exists()


def test_valid_only_imports_the_other_rows_and_reports_the_reject(workspace):
    bad = SALESFORCE.replace("2025-02-14", "31/02/2025")
    result = _import(workspace, bad, valid_only=True)
    assert not result.stopped
    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0].row == 3
    assert set(Deal.objects.filter(workspace=workspace).values_list("crm_id", flat=True)) == {
        "006A",
        "006C",
    }


def test_a_dry_run_counts_without_saving(workspace):
    result = _import(workspace, SALESFORCE, dry_run=True)
    assert (result.created, result.rows) == (3, 3)
    assert result.summary().startswith("Would import 3 rows")
    assert not Deal.objects.filter(workspace=workspace).exists()
    assert not Account.objects.filter(workspace=workspace).exists()


def test_an_ambiguous_day_month_file_is_refused_until_the_order_is_declared(workspace):
    text = "Id,Stage,Close Date\n1,Won,03/04/2025\n2,Lost,05/06/2025\n3,Won,12/11/2025\n"
    with pytest.raises(ImportFailed, match=r"day-first or month-first.*dmy.*mdy"):
        _import(workspace, text)
    assert not Deal.objects.filter(workspace=workspace).exists()
    _import(workspace, text, date_order="dmy")
    assert _deal(workspace, "1").close_date == dt.date(2025, 4, 3)
    assert _deal(workspace, "3").close_date == dt.date(2025, 11, 12)


def test_a_later_row_above_twelve_settles_the_files_date_order(workspace):
    text = "Id,Stage,Close Date\n1,Won,03/04/2025\n2,Lost,05/06/2025\n3,Won,04/13/2025\n"
    result = _import(workspace, text)
    assert result.date_order == "mdy"
    assert _deal(workspace, "1").close_date == dt.date(2025, 3, 4)


def test_a_file_that_writes_dates_both_ways_is_refused_naming_both_rows(workspace):
    text = "Id,Stage,Close Date\n1,Won,13/04/2025\n2,Lost,04/13/2025\n"
    with pytest.raises(ImportFailed, match=r"row 2 has '13/04/2025'.*row 3 has '04/13/2025'"):
        _import(workspace, text)


@pytest.mark.parametrize(
    ("won", "lost", "open_"),
    [("closedwon", "closedlost", "appointmentscheduled"),
     ("Closed Won", "Closed Lost", "Contract Sent")],
)  # fmt: skip
def test_a_hubspot_export_with_stage_ids_or_labels_imports(workspace, won, lost, open_):
    text = (
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline,"
        "Closed Lost Reason,Closed Won Reason,Associated Company\n"
        f"11,Acme deal,{won},2025-03-01 10:00,Ann Lee,1000,Sales Pipeline,,Best fit,Acme\n"
        f"12,Globex deal,{lost},2025-03-02 11:00,Ann Lee,2000,Sales Pipeline,Too expensive,,"
        "Globex\n"
        f"13,Hooli deal,{open_},,Ben Ray,3000,Sales Pipeline,,,Hooli\n"
    )
    result = _import(workspace, text)
    assert result.mapping.format == "hubspot"
    assert result.created == 3, result.errors
    assert _deal(workspace, "11").outcome == Outcome.WON
    assert _deal(workspace, "11").rep_stated_reason == "Best fit"
    assert _deal(workspace, "12").outcome == Outcome.LOST
    assert _deal(workspace, "12").rep_stated_reason == "Too expensive"
    assert _deal(workspace, "12").account.name == "Globex"
    assert _deal(workspace, "13").outcome == Outcome.OPEN


def test_salesforce_is_won_decides_a_custom_stage(workspace):
    text = (
        "Id,StageName,CloseDate,IsClosed,IsWon\n"
        "1,Signed,2025-01-01,1,1\n2,Gone Dark,2025-01-02,1,0\n"
    )
    _import(workspace, text)
    assert _deal(workspace, "1").outcome == Outcome.WON
    assert _deal(workspace, "2").outcome == Outcome.LOST


def test_the_stage_table_can_be_overridden_per_import(workspace):
    text = "Id,Stage,Close Date\n1,Dead - No Budget,2025-01-01\n2,Signed,2025-01-02\n"
    _import(workspace, text, stage_outcomes={"dead - no budget": "no_decision", "Signed": "won"})
    assert _deal(workspace, "1").outcome == Outcome.NO_DECISION
    assert _deal(workspace, "2").outcome == Outcome.WON


def test_a_stage_mapping_to_an_unknown_outcome_is_refused(workspace):
    with pytest.raises(ImportFailed, match="'Signed' to 'yes'"):
        _import(workspace, "Id,Stage\n1,Signed\n", stage_outcomes={"Signed": "yes"})


def test_a_closed_deal_without_a_close_date_is_a_row_error(workspace):
    result = _import(workspace, "Id,Stage,Close Date\n1,Won,\n2,Open,\n")
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Close Date", "A deal won needs a close date.")
    ]


def test_a_negative_amount_is_a_row_error(workspace):
    result = _import(workspace, "Id,Stage,Amount\n1,Prospecting,-500\n")
    assert result.errors[0].column == "Amount"
    assert "negative" in result.errors[0].message


def test_exact_duplicate_rows_count_once_and_a_reused_id_is_an_error(workspace):
    text = "Id,Stage,Amount\n1,Open,10\n2,Open,20\n1,Open,10\n2,Open,25\n"
    result = _import(workspace, text, valid_only=True)
    assert (result.created, result.duplicates, result.rejected) == (2, 1, 1)
    assert result.errors[0].row == 5
    assert "Row 3 has the same CRM id with different values" in result.errors[0].message


def test_accounts_are_matched_by_name_in_any_case_and_created_once(workspace):
    existing = make_account(workspace, name="Acme Corp")
    text = "Id,Stage,Account Name\n1,Open,ACME CORP\n2,Open,acme corp\n3,Open,Newco\n4,Open,NEWCO\n"
    result = _import(workspace, text)
    assert result.accounts_created == 1
    assert _deal(workspace, "1").account == existing
    assert _deal(workspace, "2").account == existing
    assert _deal(workspace, "3").account == _deal(workspace, "4").account
    assert Account.objects.filter(workspace=workspace).count() == 2


def test_a_deal_owner_who_is_a_member_is_linked_by_email(workspace):
    rita = make_member(workspace, Role.STAKEHOLDER, email="rita@acme.example")
    _import(workspace, SALESFORCE)
    assert _deal(workspace, "006A").owner == rita
    assert _deal(workspace, "006B").owner is None


def test_competitors_are_matched_by_name_or_alias_and_unknown_ones_added(workspace):
    vector = make_competitor(workspace, name="Vector Solutions")
    vector.aliases.create(workspace=workspace, alias="Vector Solutions Inc.")
    text = (
        "Id,Stage,Close Date,Primary Competitor\n1,Lost,2025-01-01,vector solutions inc.\n"
        "2,Lost,2025-01-01,Quantum Ledger\n3,Lost,2025-01-01,n/a\n"
    )
    result = _import(workspace, text)
    assert result.competitors_created == 1
    assert _deal(workspace, "1").primary_competitor == vector
    assert _deal(workspace, "2").primary_competitor.name == "Quantum Ledger"
    assert _deal(workspace, "3").primary_competitor is None
    assert Competitor.objects.filter(workspace=workspace).count() == 2


def test_a_close_date_before_the_created_date_keeps_the_close_date_and_says_so(workspace):
    text = "Id,Stage,CloseDate,CreatedDate\n1,Closed Won,2023-06-17,2024-01-22T16:14:25.000+0000\n"
    result = _import(workspace, text)
    deal = _deal(workspace, "1")
    assert (deal.close_date, deal.created_date) == (dt.date(2023, 6, 17), None)
    assert any("opened date is after the close date" in w for w in result.warnings)


def test_a_saved_mapping_names_columns_the_synonyms_do_not_know(workspace):
    text = "Ref,Titel,Phase,Abschluss\nA1,Großauftrag,Won,31.03.2025\n"
    with pytest.raises(ImportFailed, match="No column says"):
        _import(workspace, text)
    result = _import(
        workspace,
        text,
        mapping={"Ref": "crm_id", "Titel": "name", "Phase": "stage", "Abschluss": "close_date"},
    )
    assert result.created == 1
    assert _deal(workspace, "A1").close_date == dt.date(2025, 3, 31)


def test_deals_are_kept_apart_by_workspace(workspace, outsider):
    _import(workspace, SALESFORCE)
    other = outsider.memberships.get().workspace
    result = _import(other, SALESFORCE)
    assert result.created == 3
    assert Deal.objects.filter(crm_id="006A").count() == 2
