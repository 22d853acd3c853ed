"""A card asks the database as many questions for three times the deals, quotes and actions:
the analysis reads its table in a few queries a wave, the quotes are one page of ids and one
read of their rows, the actions one read."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from winloss.accounts.roles import Role
from winloss.actions.models import Action
from winloss.coding.queries import codebook_for
from winloss.testing.planting import FIT, PRICE, lost, plant, won

from .world import ANONYMOUS, _speak, battlecard_world, publish

pytestmark = pytest.mark.django_db
_seq = itertools.count(1)


def _grow(w: dict, people, times: int) -> None:
    program, rival = w["second"], w["rival"]
    rows = [lost(rival=rival, codes=[(*PRICE, rival)]), won(rival=rival, codes=[FIT])] * times
    interviews = plant(program, rows)
    themes = {t.slug: t for t in codebook_for(program.workspace)}
    for n, interview in zip(_seq, interviews[: 2 * times : 2], strict=False):
        attribution, name, company, said, code = ANONYMOUS
        who = (attribution, f"{name} {n}", f"{company} {n}", said, code)
        _speak(interview, people, themes, rival, who)
    Action.objects.bulk_create(
        Action(
            workspace=program.workspace,
            program=program,
            title=f"Answer Vector, take {n}",
            owner=people[Role.OWNER],
            due_date="2025-09-01",
            expected_change="messaging",
        )
        for n in range(times)
    )
    publish(program, people)


def _count(client, url: str) -> int:
    client.get(url)  # first use: caches are not the point
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", [Role.ANALYST, Role.STAKEHOLDER])
def test_a_card_asks_as_many_queries_for_three_times_the_data(workspace, people, client_for, role):
    w = battlecard_world(workspace, people)
    client = client_for(people[role])
    url = f"/w/{workspace.slug}/battlecards/{w['second'].pk}/{w['rival'].pk}/"
    _grow(w, people, times=2)
    small = _count(client, url)
    _grow(w, people, times=4)
    assert _count(client, url) == small
