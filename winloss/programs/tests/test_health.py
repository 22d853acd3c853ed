"""Program health: coverage against the pipeline, pace, response rates, the planner."""

import datetime as dt
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from winloss.deals.models import Outcome
from winloss.programs.health.coverage import coverage
from winloss.programs.health.pace import pace
from winloss.programs.health.summary import program_health
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.programs.sampling.services import (
    DrawSettings,
    add_to_sample,
    draw_sample,
    mark_interviewed,
    record_refusal,
)
from winloss.testing import make_account, make_deal, make_program


@pytest.fixture
def program(workspace):
    program = make_program(workspace, target_sample_size=10)
    for i in range(80):
        make_deal(
            workspace,
            account=make_account(workspace),
            outcome=Outcome.WON if i < 40 else Outcome.LOST,
            # Three regions in the pipeline; North is a fifth of it.
            region=["East", "West", "North", "East", "West"][i % 5],
            amount=Decimal(1000 + 100 * i),
        )
    return program


def test_coverage_counts_the_pipeline_and_the_sample_by_cut(program):
    draw = draw_sample(program, settings=DrawSettings(size=20, seed=5))
    cov = coverage(program, "region", draw)
    assert {r.key: r.pipeline for r in cov.rows} == {"East": 32, "North": 16, "West": 32}
    assert sum(r.sampled for r in cov.rows) == 20
    assert cov.sample_fit.p_value is not None and cov.sample_fit.p_value > 0.5


def test_a_sample_that_misses_a_region_is_flagged_with_the_cell_named(program, workspace):
    draw = draw_sample(program, settings=DrawSettings(size=1, seed=5, dimension="region"))
    entries = SampleEntry.objects.filter(draw=draw)
    entries.delete()
    for deal in program.workspace.deals.filter(region="East")[:15]:
        add_to_sample(program, deal=deal, reason="Hand-picked friendly accounts", user=None)
    health = program_health(program)
    assert any("By region" in w and "North" in w for w in health.warnings), health.warnings
    region = next(c for c in health.coverages if c.dimension == "region")
    assert region.sample_fit.p_value < 0.05
    assert region.sample_fit.under_covered[0].key in {"North", "West"}


def test_a_balanced_sample_is_not_flagged_on_outcome(workspace):
    program = make_program(workspace)
    for i in range(100):
        make_deal(
            workspace,
            account=make_account(workspace),
            outcome=Outcome.WON if i < 90 else Outcome.LOST,
        )
    draw_sample(program, settings=DrawSettings(size=20, seed=1, allocation="balanced"))
    health = program_health(program)
    outcome = next(c for c in health.coverages if c.dimension == "outcome")
    assert outcome.by_design and outcome.sample_fit.p_value < 0.05
    assert not any("By outcome" in w for w in health.warnings)


def test_interviews_count_towards_pace_freshness_and_small_cells(program):
    draw = draw_sample(program, settings=DrawSettings(size=10, seed=2))
    entries = list(SampleEntry.objects.filter(draw=draw).select_related("deal"))
    for entry in entries[:4]:
        mark_interviewed(entry, on=entry.deal.close_date + dt.timedelta(days=10))
    record_refusal(
        entries[5], status=EntryStatus.DECLINED, reason="Busy", user=None, expected_version=1
    )
    health = program_health(program)
    assert health.interviewed == 4
    assert health.freshness.median == 10
    assert health.heard == (4, 80)
    assert {r.outcome: r.declined for r in health.responses}.get(entries[5].outcome) == 1
    region = next(c for c in health.coverages if c.dimension == "region")
    assert region.small_cells  # 4 interviews cannot speak for any region


def test_pace_follows_the_window_plus_fieldwork(program):
    program.window_start, program.window_end = dt.date(2025, 1, 1), dt.date(2025, 12, 1)
    # Half-way through 1 Jan – 31 Dec (the window and 30 days of fieldwork).
    mid = pace(program, completed=1, today=dt.date(2025, 7, 2))
    assert round(mid.expected) == 5 and mid.behind
    assert not pace(program, completed=5, today=dt.date(2025, 7, 2)).behind
    assert pace(program, completed=0, today=dt.date(2024, 12, 1)).expected == 0


def test_the_health_page_shows_coverage_charts_and_the_planner(client_for, people, program):
    draw_sample(program, settings=DrawSettings(size=20, seed=5))
    client = client_for(people["analyst"])
    url = f"/w/{program.workspace.slug}/programs/{program.pk}/health/"
    page = client.get(url, {"share": 10, "interviews": 16, "chance": 80}).content.decode()
    assert "Program health" in page and "By region" in page
    assert "heard at least once with a chance of <strong>81%</strong>" in page
    assert "takes <strong>16</strong> interviews" in page
    chart = client.get(url + "region.svg")
    assert chart["Content-Type"] == "image/svg+xml"
    assert ElementTree.fromstring(chart.content).tag.endswith("svg")
    assert client.get(url + "colour.svg").status_code == 404


def test_the_overview_shows_health_to_the_team_but_not_to_stakeholders(client_for, people, program):
    url = f"/w/{program.workspace.slug}/programs/{program.pk}/"
    assert b"Program health" in client_for(people["analyst"]).get(url).content
    assert b"Program health" not in client_for(people["stakeholder"]).get(url).content


def test_a_deal_heard_from_two_people_counts_once_and_health_says_so(client_for, people, workspace):
    from winloss.testing.planting import lost, plant

    program = make_program(workspace, target_sample_size=20)
    plant(program, [lost(voices=[{"role": "procurement"}]), lost()])
    health = program_health(program)
    assert (health.interviewed, health.interviews) == (2, 3)
    assert health.heard == (2, 2)
    page = client_for(people["analyst"]).get(f"/w/{workspace.slug}/programs/{program.pk}/health/")
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "2 of 20 deals heard (3 interviews)" in text  # the pace
    assert "2 of 2 deals heard (3 interviews)" in text  # the share of closed deals


def test_the_response_rate_counts_buyers_who_never_answered(program, client_for, people):
    """The published Q3 case: 12 buyers approached, 8 interviewed, none declined, 4 never
    answered. AAPOR RR1 gives 8 of 12, not the 8 of 8 "who replied"."""
    from winloss.outreach.models import Appointment

    program.deal_types = [Outcome.WON]
    program.save()
    draw = draw_sample(program, settings=DrawSettings(size=14, seed=3))
    entries = list(SampleEntry.objects.filter(draw=draw).select_related("deal"))
    assert all(e.outcome == Outcome.WON for e in entries)
    for entry in entries[:8]:
        mark_interviewed(entry, on=entry.deal.close_date + dt.timedelta(days=10))
    for entry in entries[8:12]:  # invited, never answered
        Appointment.objects.create(
            workspace=program.workspace, program=program, entry=entry, invited_at=dt.datetime.now(
                tz=dt.UTC), status="invited"
        )  # fmt: skip
    # The last two were never contacted: not in the base.
    (won,) = program_health(program).responses
    assert (won.approached, won.interviewed, won.declined, won.no_answer) == (12, 8, 0, 4)
    assert won.rate == pytest.approx(8 / 12)
    page = client_for(people["analyst"]).get(
        f"/w/{program.workspace.slug}/programs/{program.pk}/health/"
    )
    cells = page.content.decode()
    assert "<td>12</td><td>8</td><td>0</td><td>4</td><td>67%</td>" in cells
