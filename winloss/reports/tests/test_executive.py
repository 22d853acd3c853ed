"""The executive view and the report across waves: the team's live figures, a stakeholder's
published ones only, a change listed with both bases and its adjusted p-value, and the same
number of queries for three times the data."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.actions.models import Action
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.escalations.models import Escalation
from winloss.reports.executive import changes_of
from winloss.testing import make_program
from winloss.testing.planting import PRICE, lost, plant, won

from .executive_world import publish, two_waves, wave
from .exported import pdf_text

pytestmark = pytest.mark.django_db

PAGE = "/w/acme/executive/"


def _text(response) -> str:
    """What a person reads: the page without its tags, spaces collapsed."""
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_team_reads_each_change_with_the_base_on_both_sides(workspace, people, client_for):
    two_waves(workspace, people)
    page = _text(client_for(people[Role.ANALYST]).get(PAGE))
    # Pricing among the deals not won: 6 of 30, then 24 of 30 — the like-for-like change.
    assert "(6 of 30 deals not won in Q1 2025) → 80% (24 of 30 deals not won in Q2 2025)" in page
    assert "adjusted p " in page
    # Product fit is cited in half of the won deals of both waves: compared, not listed.
    assert "2 drivers compared like for like" in page
    assert "Product fit (win driver)" not in page
    # Win rate over the CRM's closed deals of each wave's scope.
    assert "Q1 2025 40% (20 of 50) → Q2 2025 50% (30 of 60)" in page
    assert "Rewrite the discount approval rules" in page  # overdue, visible to the team
    assert "1 open escalation" in page


def test_a_stakeholder_reads_only_what_was_published(workspace, people, client_for, pdf_renders):
    q1, _q2, leader = two_waves(workspace, people)
    client = client_for(people[Role.STAKEHOLDER])
    before = _text(client.get(PAGE))
    assert "No published findings yet" in before and "Pricing" not in before
    publish(q1, people)
    after = _text(client.get(PAGE))
    assert "from version 1 of the Q1 2025 report" in after
    assert "Pricing and commercial terms: 20% (6 of 30 deals not won)" in after
    assert "24 of 30" not in after  # Q2's figures are not published
    # Escalations: none of theirs; overdue actions: as the actions page shows every member.
    assert "0 open escalations yours to handle" in after
    assert "Rewrite the discount approval rules" in after
    leader_page = _text(client_for(leader).get(PAGE))
    assert "1 open escalation yours to handle, 1 past the response date" in leader_page
    assert "Severe dissatisfaction or churn risk" in leader_page


def test_a_change_is_compared_among_the_same_outcome_not_over_all_deals(workspace, people):
    """Pricing is cited in half of the lost deals of both waves; the second wave lost more
    deals, so its share of all deals rises — not a change in pricing."""
    first = make_program(
        workspace, name="H1", window_start=dt.date(2025, 1, 1), window_end=dt.date(2025, 6, 30)
    )
    second = make_program(
        workspace,
        name="H2",
        window_start=dt.date(2025, 7, 1),
        window_end=dt.date(2025, 12, 31),
        previous_wave=first,
    )
    plant(first, [lost(codes=[PRICE] if i % 2 else []) for i in range(30)] + [won()] * 30)
    plant(second, [lost(codes=[PRICE] if i % 2 else []) for i in range(50)] + [won()] * 10)
    price = analysis(Scope(second))["trends"][0]
    assert [(w["k"], w["n"]) for w in price["waves"]] == [(15, 60), (25, 60)]
    change = price["change"]
    assert (change["before"]["k"], change["before"]["n"]) == (15, 30)
    assert (change["after"]["k"], change["after"]["n"]) == (25, 50)
    assert change["points"] == 0 and not change["significant"]


def test_a_change_over_too_few_deals_is_not_listed(workspace, people):
    q1 = wave(workspace, people, "Q1", dt.date(2025, 1, 1), priced=6, won_n=4)
    q2 = wave(workspace, people, "Q2", dt.date(2025, 4, 1), priced=24, won_n=30, previous=q1)
    changes = changes_of(analysis(Scope(q2))["trends"])
    # Product fit: 2 of Q1's 4 won deals, under the minimum of 5 — not compared.
    assert changes.too_few == 1 and changes.compared == 1
    assert [t["theme"] for t in changes.significant] == [PRICE[0]]


def test_the_report_across_waves_shows_each_published_wave(
    workspace, people, client_for, pdf_renders
):
    q1, q2, _ = two_waves(workspace, people)
    publish(q1, people)
    client = client_for(people[Role.STAKEHOLDER])
    url = f"/w/acme/programs/{q2.pk}/report/waves/"
    assert "The report across waves" in _text(client.get(f"/w/acme/programs/{q2.pk}/report/"))
    page = _text(client.get(url))
    assert "Q2 2025 Not published: no figures" in page  # Q2 not yet published
    assert "24 of 30" not in page
    publish(q2, people)
    page = _text(client.get(url))
    assert "(6 of 30 deals not won in Q1 2025) → 80% (24 of 30 deals not won in Q2 2025)" in page
    assert client.get(url + "trends.svg")["Content-Type"] == "image/svg+xml"
    pdf = client.get(f"/w/acme/programs/{q2.pk}/report/waves.pdf")
    text = " ".join(pdf_text(pdf.content).split())
    assert "Win-loss across waves: Q2 2025" in text
    assert "24 of 30 deals not won in Q2 2025" in text
    assert "Rewrite the discount approval rules" in text  # Q1's action, as published


def _grow(program, people, times: int) -> None:
    plant(program, [lost(codes=[PRICE]), won()] * times)
    today = timezone.localdate()
    for _ in range(times):
        Escalation.objects.create(
            workspace=program.workspace,
            program=program,
            category="churn_risk",
            passage="Looking elsewhere.",
            owner=people[Role.STAKEHOLDER],
            expected_response_by=today - dt.timedelta(days=1),
        )
        Action.objects.create(
            workspace=program.workspace,
            program=program,
            title="Follow up",
            owner=people[Role.OWNER],
            due_date=today - dt.timedelta(days=1),
            expected_change="process",
        )


def _queries(client) -> int:
    client.get(PAGE)  # first use: caches are not the point
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


def test_the_page_asks_as_many_queries_for_three_times_the_data(
    workspace, people, client_for, pdf_renders
):
    q1, q2, _ = two_waves(workspace, people)
    publish(q1, people)
    clients = {role: client_for(people[role]) for role in (Role.ANALYST, Role.STAKEHOLDER)}
    small = {}
    for role, client in clients.items():
        client.force_login(people[role])
        small[role] = _queries(client)
    _grow(q2, people, times=4)
    large = {}
    for role, client in clients.items():
        client.force_login(people[role])
        large[role] = _queries(client)
    assert small == large


def test_the_analysis_page_shows_the_same_win_rate_and_change(workspace, people, client_for):
    _q1, q2, _ = two_waves(workspace, people)
    client = client_for(people[Role.ANALYST])
    page = _text(client.get(f"/w/acme/programs/{q2.pk}/analyse/"))
    assert "Q1 2025 40% (20 of 50) → Q2 2025 50% (30 of 60)" in page
    assert "20% → 80% 6/30 → 24/30 deals not won in Q2 2025 · Changed (adjusted p < 0.001)" in page


def test_trends_published_before_changes_say_so_rather_than_none():
    trend = {"name": "Pricing", "waves": [{"wave": "Q1"}, {"wave": "Q2"}]}  # schema 4
    assert not changes_of([trend]).known
    assert changes_of([]).known  # one wave: nothing to compare, and nothing missing
