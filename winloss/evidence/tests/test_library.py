"""The library page: what each role finds, as each respondent's consent allows, filtered in SQL,
and the saved searches and downloads beside it."""

import csv
import html
import io
import re

import pytest
from django.test import Client

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.evidence.models import SavedSearch

from .world import library_world, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(workspace, people):
    return library_world(workspace, people)


def page(user, query: str = "") -> str:
    client = Client()
    client.force_login(user)
    response = client.get(f"/w/acme/evidence/?{query}")
    assert response.status_code == 200
    # The words as a person reads them: tags out, spaces as one.
    text = re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode()))
    return " ".join(text.split()).replace(" .", ".").replace("“ ", "“")


def test_the_analyst_finds_quotable_words_anonymised_and_never_the_unquotable(world, people):
    html = page(people[Role.ANALYST])
    # Anonymous: the report's own redaction; named: the respondent named, with their company.
    assert "[name] here, from [company]: call me on [phone] or [email]" in html
    assert "Dana" not in html and "Northwind" not in html
    assert "At Fabrikam we chose you" in html
    assert "Omar Haddad" in html
    # "Do not quote me", and an interview not yet validated: never there.
    assert "zebra-striped" not in html
    assert "Onboarding was slow" not in html
    # Both quotes above, the observed facts coded in their interviews, the second wave's three.
    assert "7 excerpts found" in html
    assert "· Deal · Interview" in html


def test_words_filters_and_waves_narrow_the_search(world, people):
    first, wave, excerpts = world
    analyst = people[Role.ANALYST]
    html = page(analyst, "q=onboarding")
    assert "3 excerpts found" in html  # the buyer's turn, the interviewer's, the quote
    assert "So onboarding decided it for you?" in html
    assert "Transcript, not the respondent speaking" in html
    assert "1 excerpt found" in page(analyst, "q=onboarding&direction=neutral")
    assert "1 excerpt found" in page(analyst, "q=onboarding&theme=competitive_displacement")
    assert "4 excerpts found" in page(analyst, f"wave={first.pk}")
    assert "3 excerpts found" in page(analyst, f"wave={wave.pk}")
    assert "7 excerpts found" in page(analyst, f"program={first.pk}")  # both waves
    competitor = excerpts["buyer"].interview.entry.deal.primary_competitor_id
    assert "3 excerpts found" in page(analyst, f"competitor={competitor}")
    assert "3 excerpts found" in page(analyst, "region=EMEA&segment=Mid-market&role=evaluator")
    assert "2 excerpts found" in page(analyst, "outcome=lost")
    assert "No excerpts match this search" in page(analyst, "since=2999-01-01")
    assert "Theme: Select a valid choice" in page(analyst, "theme=nonsense")


def test_a_stakeholder_sees_only_buyers_words_of_published_reports_without_links(world, people):
    _, wave, _ = world
    stakeholder = people[Role.STAKEHOLDER]
    assert "No quotable excerpts yet" in page(stakeholder)
    publish(wave)
    html = page(stakeholder)
    assert "The onboarding plan won us over." in html
    assert "So onboarding decided it for you?" not in html  # the interviewer's words
    assert "[name] here" not in html  # the first wave's report is not published
    assert "· Deal · Interview" not in html
    assert "2 excerpts found" in html


def test_the_page_reads_in_a_fixed_number_of_queries(world, people, django_assert_max_num_queries):
    client = Client()
    client.force_login(people[Role.ANALYST])
    with django_assert_max_num_queries(22):
        client.get("/w/acme/evidence/?q=onboarding")


def test_a_search_is_saved_listed_run_again_and_deleted_by_its_owner_only(world, people):
    analyst = people[Role.ANALYST]
    client = Client()
    client.force_login(analyst)
    response = client.post(
        "/w/acme/evidence/saved/", {"name": "Onboarding wins", "query": "q=onboarding"}
    )
    assert response.status_code == 302
    html = page(analyst)
    assert "Your saved searches Onboarding wins Delete" in html
    assert "Onboarding wins" not in page(people[Role.OWNER])  # one's own searches
    search = SavedSearch.objects.get()
    other = Client()
    other.force_login(people[Role.OWNER])
    assert other.post(f"/w/acme/evidence/saved/{search.pk}/delete/").status_code == 404
    assert client.post(f"/w/acme/evidence/saved/{search.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()
    logged = LogEntry.objects.filter(action__startswith="search.").order_by("pk")
    assert list(logged.values_list("action", flat=True)) == ["search.saved", "search.deleted"]


def test_the_download_holds_the_result_set_formula_safe(world, people):
    client = Client()
    client.force_login(people[Role.ANALYST])
    response = client.get("/w/acme/evidence/export.csv?q=onboarding")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Text", "Theme", "Direction", "Outcome", "Program"]
    assert rows[0][-2:] == ["Deal id", "Interview id"]
    assert len(rows) == 4
    assert "'=HYPERLINK(onboarding) beat Vector's offer" in [r[0] for r in rows]
    xlsx = client.get("/w/acme/evidence/export.xlsx?q=onboarding")
    assert xlsx.content.startswith(b"PK")


def test_a_stakeholders_download_has_no_deal_or_interview(world, people):
    _, wave, _ = world
    publish(wave)
    client = Client()
    client.force_login(people[Role.STAKEHOLDER])
    rows = list(csv.reader(io.StringIO(client.get("/w/acme/evidence/export.csv").content.decode())))
    assert "Deal id" not in rows[0] and len(rows) == 3


def test_another_workspace_finds_nothing_of_this_one(world, outsider):
    client = Client()
    client.force_login(outsider)
    assert client.get("/w/acme/evidence/").status_code == 404
