"""Salesforce OpportunityCompetitor and OpportunityContactRole exports attach competitors and
contacts to the deals an Opportunity export brought in."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.deals.imports import import_deals
from winloss.deals.imports.enrich import enrichment_kind, import_file
from winloss.deals.imports.related import decision_role
from winloss.deals.models import Competitor, Contact, Deal, DecisionRole
from winloss.jobs.models import Job
from winloss.testing import make_account, make_competitor, make_contact

DATA = Path(__file__).parent / "data"
COMPETITORS = DATA / "sf_opportunity_competitors.csv"
CONTACT_ROLES = DATA / "sf_opportunity_contact_roles.csv"
PATTERSON, HILL, BRENNAN, VANCE = (
    "006Ec00000AieKFIAZ",
    "006Ec00000AieKGIAZ",
    "006Ec00000AieKHIAZ",
    "006Ec00000AieKIIAZ",
)


@pytest.fixture
def opportunities(workspace):
    """The four opportunities of the fixture files, and the competitor they are lost to."""
    make_competitor(workspace, name="Vector Solutions")
    import_deals(workspace=workspace, source=DATA / "sf_opportunities.csv")
    return {d.crm_id: d for d in Deal.objects.filter(workspace=workspace)}


def _csv(tmp_path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _competitors(deal: Deal) -> set[str]:
    return set(deal.competitors.values_list("name", flat=True))


def _contacts(deal: Deal) -> dict[str, str]:
    return dict(deal.contacts.values_list("name", "decision_role"))


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ("Id,OpportunityId,CompetitorName,Strengths,Weaknesses,IsDeleted", "competitors"),
        ("id,opportunityid,competitorname,isdeleted", "competitors"),
        ("OPPORTUNITYID,COMPETITORNAME", "competitors"),
        ("Opportunity ID,Opportunity Name,Competitor Name", "competitors"),
        ("Opportunity ID,Competitor", "competitors"),
        ("Id,OpportunityId,ContactId,Role,IsPrimary,IsDeleted", "contacts"),
        ("id,opportunityid,contactid,contact.name,contact.email,role,isprimary", "contacts"),
        ("Opportunity ID,Contact Name,Email,Title,Role,Primary", "contacts"),
        ("Opportunity ID,First Name,Last Name,Email,Role", "contacts"),
        # An opportunity file with a competitor column is still a deal file.
        ("Id,StageName,CloseDate,Competitor__c", None),
        ("opportunity_id,deal_stage,close_value", None),
    ],
)
def test_competitor_and_contact_role_files_are_told_apart_by_their_headers(headers, kind):
    assert enrichment_kind(headers.split(",")) == kind


def test_competitors_are_attached_matching_legal_suffixes_and_creating_unknown_ones(
    workspace, opportunities
):
    result = import_file(workspace=workspace, source=COMPETITORS, file_name="competitors.csv")

    assert result.what == "deal competitors"
    assert (result.rows, result.created, result.unchanged, result.rejected) == (5, 4, 0, 0)
    assert (result.deals_updated, result.competitors_created) == (3, 2)
    deals = {crm_id: Deal.objects.get(pk=d.pk) for crm_id, d in opportunities.items()}
    # "Vector Solutions Inc." is the Vector Solutions the workspace knows.
    assert _competitors(deals[PATTERSON]) == {"Vector Solutions", "Brightline Analytics"}
    assert deals[PATTERSON].primary_competitor.name == "Vector Solutions"
    # The deal export named Hill Group's primary competitor: it stays.
    assert _competitors(deals[HILL]) == {"Vector Solutions"}
    assert deals[HILL].primary_competitor.name == "Quantum Ledger"
    # The deleted row (Quantum Ledger Ltd) is left out.
    assert _competitors(deals[BRENNAN]) == {"Vector Solution Group"}
    assert deals[BRENNAN].primary_competitor.name == "Vector Solution Group"
    assert _competitors(deals[VANCE]) == set()
    assert deals[PATTERSON].version == 2 and deals[HILL].version == 1


def test_a_near_name_is_suggested_in_the_warnings_never_applied(workspace, opportunities):
    result = import_file(workspace=workspace, source=COMPETITORS)
    assert result.warnings == [
        "2 new competitors were added: Brightline Analytics, Vector Solution Group.",
        "1 row was deleted in Salesforce and left out.",
        "Row 5: 'Vector Solution Group' may be Vector Solutions (81% alike); if it is, merge "
        "it into Vector Solutions under Competitors.",
    ]
    assert Competitor.objects.filter(workspace=workspace, name="Vector Solution Group").exists()


def test_an_alias_finds_its_competitor(workspace, opportunities, tmp_path):
    vector = Competitor.objects.get(workspace=workspace, name="Vector Solutions")
    vector.aliases.create(workspace=workspace, alias="VecSol")
    path = _csv(tmp_path, f"opportunityid,competitorname\n{VANCE},vecsol\n")
    result = import_file(workspace=workspace, source=path)
    assert (result.created, result.competitors_created) == (1, 0)
    assert _competitors(opportunities[VANCE]) == {"Vector Solutions"}


def test_a_competitor_file_is_logged_once_and_each_new_competitor_too(workspace, opportunities):
    import_file(workspace=workspace, source=COMPETITORS, file_name="competitors.csv")
    [entry] = LogEntry.objects.filter(workspace=workspace, action="deals.competitors_imported")
    assert describe(entry) == (
        "system imported deal competitors from competitors.csv: 4 added to deals, 0 already "
        "there, 2 new competitors, 0 rows rejected."
    )
    created = LogEntry.objects.filter(workspace=workspace, action="competitor.created")
    assert sorted(e.object_repr for e in created) == [
        "Brightline Analytics",
        "Vector Solution Group",
    ]


def test_importing_the_competitor_file_again_changes_nothing(workspace, opportunities):
    import_file(workspace=workspace, source=COMPETITORS)
    before = list(Deal.objects.order_by("pk").values_list("primary_competitor", "version"))
    again = import_file(workspace=workspace, source=COMPETITORS)
    assert (again.created, again.updated, again.unchanged, again.deals_updated) == (0, 0, 4, 0)
    assert again.competitors_created == 0
    assert Competitor.objects.filter(workspace=workspace).count() == 4
    assert Deal.competitors.through.objects.count() == 4
    assert list(Deal.objects.order_by("pk").values_list("primary_competitor", "version")) == before


def test_contacts_are_created_attached_and_given_their_decision_role(workspace, opportunities):
    result = import_file(workspace=workspace, source=CONTACT_ROLES, file_name="roles.csv")

    assert result.what == "deal contacts"
    assert (result.rows, result.created, result.updated, result.unchanged) == (7, 6, 0, 0)
    assert result.deals_updated == 3
    assert _contacts(opportunities[PATTERSON]) == {
        "Dana Whitfield": DecisionRole.EXECUTIVE_SPONSOR,  # Economic Buyer
        "Luis Ortega": DecisionRole.EVALUATOR,  # Technical Buyer
    }
    assert _contacts(opportunities[HILL]) == {
        "Priya Nair": DecisionRole.PROCUREMENT,  # Purchasing
        "Tom Becker": DecisionRole.USER,  # Business User
    }
    assert _contacts(opportunities[BRENNAN]) == {
        "Mara Quinn": DecisionRole.EXECUTIVE_SPONSOR,  # Decision Maker
        "Sam Ito": DecisionRole.OTHER,  # Legal
    }
    assert _contacts(opportunities[VANCE]) == {}  # its only row is deleted
    dana = Contact.objects.get(workspace=workspace, crm_id="003Ec00000Q1aAAA")
    assert (dana.name, dana.email, dana.title, dana.account.name) == (
        "Dana Whitfield",
        "dana.whitfield@patterson-hansen.example",
        "Chief Financial Officer",
        "Patterson-Hansen",
    )
    [entry] = LogEntry.objects.filter(workspace=workspace, action="deals.contacts_imported")
    assert describe(entry) == (
        "system imported deal contacts from roles.csv: 6 new, 0 updated, 0 unchanged, 0 rows "
        "rejected; 3 deals gained contacts."
    )


def test_a_known_contact_is_found_by_email_in_any_case_within_the_deals_account(
    workspace, opportunities
):
    hill = opportunities[HILL].account
    priya = make_contact(
        workspace, account=hill, name="Priya Nair", email="priya.nair@hillgroup.example"
    )
    # Same address, another account: not the person on Hill Group's deal.
    other = make_contact(
        workspace,
        account=make_account(workspace),
        name="P. Nair",
        email="priya.nair@hillgroup.example",
    )
    result = import_file(workspace=workspace, source=CONTACT_ROLES)
    assert (result.created, result.updated) == (5, 1)
    priya.refresh_from_db()
    assert (priya.crm_id, priya.title, priya.decision_role, priya.version) == (
        "003Ec00000Q1aAAC",
        "Head of Procurement",
        DecisionRole.PROCUREMENT,
        2,
    )
    assert priya.email == "PRIYA.NAIR@hillgroup.example"  # as the CRM has it now
    assert list(opportunities[HILL].contacts.order_by("name")) == [
        priya,
        Contact.objects.get(name="Tom Becker"),
    ]
    other.refresh_from_db()
    assert (other.crm_id, other.version, other.deals.count()) == ("", 1, 0)


def test_a_contact_known_by_its_crm_id_is_updated_not_duplicated(
    workspace, opportunities, tmp_path
):
    luis = make_contact(workspace, name="003Ec00000Q1aAAB", crm_id="003Ec00000Q1aAAB")
    text = (
        "OpportunityId,ContactId,Contact.Name,Contact.Title,Role,IsPrimary\n"
        f"{PATTERSON},003Ec00000Q1aAAB,Luis Ortega,IT Director,Evaluator,true\n"
        f"{BRENNAN},003Ec00000Q1aAAB,Luis Ortega,IT Director,Evaluator,false\n"
    )
    path = _csv(tmp_path, text)
    result = import_file(workspace=workspace, source=path)
    assert (result.created, result.updated, result.deals_updated) == (0, 1, 2)
    luis.refresh_from_db()
    assert (luis.name, luis.title, luis.decision_role) == (
        "Luis Ortega",
        "IT Director",
        DecisionRole.EVALUATOR,
    )
    assert set(luis.deals.values_list("crm_id", flat=True)) == {PATTERSON, BRENNAN}
    # A contact without an account joins its first deal's.
    assert luis.account.name == "Patterson-Hansen"


def test_a_primary_contact_is_created_first_so_it_leads_among_equal_roles(
    workspace, opportunities, tmp_path
):
    text = (
        "Opportunity ID,Contact ID,Contact Name,Email,Role,Primary\n"
        f"{VANCE},003A,Ann Lee,ann@vance.example,Evaluator,0\n"
        f"{VANCE},003B,Bo Chen,bo@vance.example,Evaluator,1\n"
    )
    import_file(workspace=workspace, source=_csv(tmp_path, text))
    # The sample approaches the contact nearest the decision, the longest known among equals.
    first = opportunities[VANCE].contacts.order_by("pk").first()
    assert first.name == "Bo Chen"


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Decision Maker", DecisionRole.EXECUTIVE_SPONSOR),
        ("economic buyer", DecisionRole.EXECUTIVE_SPONSOR),
        ("Executive Sponsor", DecisionRole.EXECUTIVE_SPONSOR),
        ("Evaluator", DecisionRole.EVALUATOR),
        ("Technical Buyer", DecisionRole.EVALUATOR),
        ("Influencer", DecisionRole.EVALUATOR),
        ("Business User", DecisionRole.USER),
        ("User", DecisionRole.USER),
        ("Procurement", DecisionRole.PROCUREMENT),
        ("Purchasing Manager", DecisionRole.PROCUREMENT),
        ("Other", DecisionRole.OTHER),
        ("Legal Counsel", DecisionRole.OTHER),
        ("", None),
    ],
)
def test_salesforce_roles_map_to_decision_roles(text, role):
    assert decision_role(text) == role


def test_an_unknown_opportunity_is_an_error_and_nothing_is_written(
    workspace, opportunities, tmp_path
):
    text = (
        "OpportunityId,ContactId,Contact.Name,Contact.Email,Role\n"
        f"{PATTERSON},003A,Ann Lee,ann@patterson.example,Evaluator\n"
        "006Ec00000ZZZZZIAZ,003B,Bo Chen,bo@nowhere.example,Evaluator\n"
        f"{HILL},003C,Cy Diaz,not-an-email,User\n"
    )
    path = _csv(tmp_path, text)
    result = import_file(workspace=workspace, source=path)
    assert result.stopped and not result.saved
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "OpportunityId", "006Ec00000ZZZZZIAZ"),
        (4, "Contact.Email", "not-an-email"),
    ]
    assert "No deal of this workspace has this opportunity id" in result.errors[0].message
    assert not Contact.objects.exists()
    assert not LogEntry.objects.filter(action="deals.contacts_imported").exists()

    result = import_file(workspace=workspace, source=path, valid_only=True)
    assert (result.created, result.rejected, result.saved) == (1, 2, True)
    assert [r.row for r in result.rejected_rows] == [3, 4]
    assert list(Contact.objects.values_list("name", flat=True)) == ["Ann Lee"]


def test_an_unknown_opportunity_in_a_competitor_file_stops_it_whole(
    workspace, opportunities, tmp_path
):
    text = f"OpportunityId,CompetitorName\n{PATTERSON},Brightline\n006XXXXXXXXXXXXXXX,Vector\n"
    result = import_file(workspace=workspace, source=_csv(tmp_path, text))
    assert [(e.row, e.column) for e in result.errors] == [(3, "OpportunityId")]
    assert Competitor.objects.filter(workspace=workspace).count() == 2  # Vector, Quantum Ledger
    assert not Deal.competitors.through.objects.exists()


def test_a_report_with_15_character_ids_finds_deals_imported_with_18(
    workspace, opportunities, tmp_path
):
    text = f'"Opportunity ID","Competitor Name"\n"{PATTERSON[:15]}","Vector Solutions, Inc."\n'
    result = import_file(workspace=workspace, source=_csv(tmp_path, text))
    assert (result.created, result.rejected) == (1, 0)
    assert _competitors(opportunities[PATTERSON]) == {"Vector Solutions"}


def test_importing_the_contact_role_file_again_changes_nothing(workspace, opportunities):
    import_file(workspace=workspace, source=CONTACT_ROLES)
    before = list(
        Contact.objects.order_by("pk").values_list("pk", "name", "decision_role", "version")
    )
    again = import_file(workspace=workspace, source=CONTACT_ROLES)
    assert (again.created, again.updated, again.unchanged, again.deals_updated) == (0, 0, 6, 0)
    assert (
        list(Contact.objects.order_by("pk").values_list("pk", "name", "decision_role", "version"))
        == before
    )
    assert Deal.contacts.through.objects.count() == 6


def test_a_dry_run_counts_what_would_change_and_writes_nothing(workspace, opportunities):
    result = import_file(workspace=workspace, source=COMPETITORS, dry_run=True)
    assert (result.created, result.competitors_created, result.saved) == (4, 2, False)
    assert Competitor.objects.filter(workspace=workspace).count() == 2
    assert not Deal.competitors.through.objects.exists()
    assert not LogEntry.objects.filter(
        action="competitor.created", object_repr="Brightline Analytics"
    ).exists()


def _cli(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_deals", *args, stdout=out, **options)
    return out.getvalue()


def test_the_cli_prints_the_same_counts_as_json(workspace, opportunities):
    data = json.loads(_cli(str(CONTACT_ROLES), workspace=workspace.slug, json=True))
    assert (data["created"], data["updated"], data["unchanged"], data["rejected"]) == (6, 0, 0, 0)
    assert data["deals_updated"] == 3
    assert data["mapping"]["format"] == "contacts"
    assert data["mapping"]["columns"]["Contact.Email"] == "email"
    again = json.loads(_cli(str(CONTACT_ROLES), workspace=workspace.slug, json=True))
    assert (again["created"], again["unchanged"], again["deals_updated"]) == (0, 6, 0)
    text = _cli(str(COMPETITORS), workspace=workspace.slug)
    assert "CompetitorName  ->  competitor" in text
    assert "Imported 5 rows of deal competitors: 4 new, 0 updated, 0 unchanged" in text


def test_the_cli_exits_non_zero_when_an_unknown_opportunity_stops_the_file(
    workspace, opportunities, tmp_path
):
    path = _csv(tmp_path, "OpportunityId,CompetitorName\n006NOPE,Brightline\n")
    with pytest.raises(CommandError, match="Nothing was imported: 1 of 1 rows have errors"):
        _cli(str(path), workspace=workspace.slug, json=True)


def test_on_the_import_page_a_competitor_file_needs_no_mapping_and_imports_after_the_check(
    workspace,
    opportunities,
    people,
    client_for,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(people[Role.ANALYST])
    with COMPETITORS.open("rb") as upload:
        response = client.post(
            reverse("deals:import", kwargs={"ws": workspace.slug}),
            {"file": upload, "file_format": "auto"},
        )
    page = client.get(response.url)
    assert "Recognised as a file of <strong>deal competitors</strong>" in page.text
    params = dict(QueryDict(response.url.split("?", 1)[1]).items())
    with django_capture_on_commit_callbacks(execute=True):
        check = client.post(page.request["PATH_INFO"], {**params, "action": "check"})
    job = Job.objects.get(pk=check.url.rstrip("/").rsplit("/", 1)[1])
    assert job.result["summary"].startswith("Would import 5 rows of deal competitors: 4 new")
    assert not Deal.competitors.through.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(check.url, {"action": "import"})
    assert Deal.competitors.through.objects.count() == 4
