"""Figures kept between page views (``activity.figures``) are never shown once the data they
come from has changed: coding, validation, the sample and a deal import each change what the
next view shows, and a view with nothing changed reads the figures it kept."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from winloss.accounts.roles import Role
from winloss.coding.models import CodedExcerpt
from winloss.coding.services import remove_excerpt
from winloss.deals.imports import import_deals
from winloss.interviews.models import Interview
from winloss.interviews.review.services import begin_validation, return_to_interviewer
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_deal, make_program
from winloss.testing.planting import PRICE, lost, plant, won

pytestmark = pytest.mark.django_db

DEALS = Path(__file__).parents[2] / "deals" / "tests" / "data"


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _overview(client, program) -> str:
    return _text(client.get(f"/w/{program.workspace.slug}/programs/{program.pk}/"))


def _analysed(text: str) -> int:
    """The analysis card's count of validated interviews."""
    found = re.search(r"(\d+) validated interviews; top loss driver", text)
    assert found, text
    return int(found[1])


def _loss_driver(text: str) -> tuple[int, int]:
    found = re.search(r"top loss driver [^(]+\((\d+) of (\d+)\)", text)
    assert found, text
    return int(found[1]), int(found[2])


@pytest.fixture
def coded(workspace):
    """Six lost deals, five citing pricing, and five won: enough for the drivers to show."""
    program = make_program(workspace, target_sample_size=11, min_per_outcome=5)
    plant(program, [lost(codes=[PRICE]) for _ in range(5)] + [lost()] + [won() for _ in range(5)])
    return program


def test_coding_changes_the_drivers_on_the_next_view(coded, people, client_for):
    client = client_for(people[Role.ANALYST])
    assert _loss_driver(_overview(client, coded)) == (5, 11)
    assert _analysed(_overview(client, coded)) == 11  # kept, and the same
    excerpt = CodedExcerpt.objects.filter(program=coded, theme__slug=PRICE[0]).first()
    remove_excerpt(excerpt, user=people[Role.ANALYST])
    assert _loss_driver(_overview(client, coded)) == (4, 11)
    analyse = _text(client.get(f"/w/{coded.workspace.slug}/programs/{coded.pk}/analyse/"))
    assert "Pricing and commercial terms Loss driver 67% 4 of 6 deals not won" in analyse


def test_a_validation_changes_the_count_analysed_on_the_next_view(coded, people, client_for):
    client = client_for(people[Role.ANALYST])
    assert _analysed(_overview(client, coded)) == 11
    interview = Interview.objects.filter(program=coded).order_by("pk").first()
    return_to_interviewer(
        interview,
        user=people[Role.REVIEWER],
        comments="The respondent's role is missing.",
        expected_version=begin_validation(interview).version,
    )
    assert _analysed(_overview(client, coded)) == 10


def test_drawing_the_sample_changes_program_health_on_the_next_view(workspace, people, client_for):
    program = make_program(workspace, target_sample_size=4)
    for _ in range(8):
        make_deal(workspace, account=make_account(workspace))
    client = client_for(people[Role.ANALYST])
    assert "Sample: 0 of a target of 4" in _overview(client, program)
    draw_sample(program, settings=DrawSettings(size=4, seed=1, min_per_cell=0))
    page = _overview(client, program)
    assert "Sample: 4 of a target of 4" in page and "No sample drawn yet" not in page


def test_a_deal_import_changes_the_pipeline_on_the_next_view(workspace, people, client_for):
    program = make_program(
        workspace, window_start=dt.date(2023, 1, 1), window_end=dt.date(2025, 12, 31)
    )
    client = client_for(people[Role.ANALYST])
    assert "Closed deals heard: 0 of 0" in _overview(client, program)
    import_deals(workspace=workspace, source=DEALS / "sf_opportunities.csv", user=people["admin"])
    heard = re.search(r"Closed deals heard: 0 of (\d+)", _overview(client, program))
    assert heard and int(heard[1]) > 0


def test_a_view_with_nothing_changed_reads_the_figures_it_kept(coded, people, client_for):
    client = client_for(people[Role.ANALYST])
    with CaptureQueriesContext(connection) as first:
        before = _overview(client, coded)
    with CaptureQueriesContext(connection) as second:
        after = _overview(client, coded)
    assert _loss_driver(after) == _loss_driver(before)
    assert len(second) < len(first)
