"""The card's content: the analysis' head-to-head wave by wave, the buyers' own words as each
allowed, and the open actions about the competitor — for the team and for a stakeholder."""

import pytest

from winloss.accounts.roles import Role
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.battlecards.content import battlecard
from winloss.deals.models import Competitor

from .world import battlecard_world

pytestmark = pytest.mark.django_db


def test_the_team_reads_the_analysis_head_to_head_and_the_buyers_words(workspace, people):
    w = battlecard_world(workspace, people)
    card = battlecard(w["second"], w["rival"], evidence=True)
    figures = analysis(Scope(w["second"]), only={"competitors"})
    (vector,) = [c for c in figures["competitors"] if c["competitor"] == "Vector"]
    assert card["crm"] == vector["crm"]  # one source of numbers
    assert card["heard"]["n"] == 14
    loss = card["loss"]["themes"][0]
    assert (loss["theme"], loss["k"], loss["n"]) == ("Pricing and commercial terms", 6, 8)
    assert loss["quote"]["text"].startswith("[name] here, from [company]: Vector came in")
    win = card["win"]["themes"][0]
    assert (win["theme"], win["k"], win["n"]) == ("Product fit", 3, 6)
    assert win["quote"]["source"].startswith("Omar Haddad")
    waves = card["over_time"]
    assert [w["wave"] for w in waves] == ["Q1 wave", "Q2 wave"]
    assert waves[0]["crm"]["win_rate"]["too_few"] and waves[0]["crm"]["win_rate"]["n"] == 4
    said = " ".join(q["text"] for topic in card["said"].values() for q in topic["quotes"])
    assert "zebra" not in said and "I think" not in said  # withheld; not the buyer's words
    # Their pricing is what buyers said naming them, not of our price on a deal against them.
    assert [q["text"] for q in card["said"]["pricing"]["quotes"]] == [loss["quote"]["text"]]
    assert [a["title"] for a in card["actions"]] == [
        "Answer Vector's price in the renewal playbook"
    ]


def test_a_stakeholder_reads_only_what_the_reports_published(workspace, people):
    w = battlecard_world(workspace, people)
    card = battlecard(w["second"], w["rival"], evidence=False)
    published = next(c for c in w["version"].content["competitors"] if c["competitor"] == "Vector")
    assert card["crm"] == published["crm"] and card["source"] == "published"
    assert card["published"].startswith("version 1, published")
    first, second = card["over_time"]
    assert not first["shown"] and second["shown"]  # Q1's report was never published
    assert card["loss"]["themes"][0]["quote"]["text"].startswith("[name] here")


def test_below_the_minimum_the_reasons_are_too_few_to_tell(workspace, people):
    w = battlecard_world(workspace, people)
    card = battlecard(w["first"], w["rival"], evidence=True)
    assert card["loss"]["themes"] == []
    assert card["loss"]["held_back"] == (
        "Too few to tell: 3 deals not won heard, fewer than the program's minimum of 5."
    )


def test_a_competitor_never_met_has_a_card_that_says_so(workspace, people, client_for):
    w = battlecard_world(workspace, people)
    quanta = Competitor.objects.get(workspace=workspace, name="Quanta")
    url = f"/w/{workspace.slug}/battlecards/{w['second'].pk}/{quanta.pk}/"
    page = client_for(people[Role.ANALYST]).get(url).content.decode()
    assert "Not met in the CRM&#x27;s deals." in page
    assert "No deal heard where it was met or named." in page
    assert "No won deals heard yet." in page and "None open." in page


def test_a_stakeholders_card_of_an_unpublished_wave_says_so_not_not_met(
    workspace, people, client_for
):
    w = battlecard_world(workspace, people)
    url = f"/w/{workspace.slug}/battlecards/{w['first'].pk}/{w['rival'].pk}/"
    page = client_for(people[Role.STAKEHOLDER]).get(url).content.decode()
    assert "This wave's report is not published yet" in page
    assert "CRM win rate:</strong> Report not published yet." in page
    assert "Not met" not in page and "too few to tell (" not in page
