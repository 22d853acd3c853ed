"""Every page of a program asks the database the same number of questions however much the
program holds: three times the interviews, excerpts, escalations and actions, not one query
more. A page that queries once per row (an N+1) fails here, named with both counts.

Pages are found from the URL resolver — every GET route whose only arguments are the
workspace and the program — so a new page is counted without being listed.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.accounts.tests.test_permission_matrix import project_routes
from winloss.actions.models import Action
from winloss.coding.models import CodedExcerpt
from winloss.escalations.models import Escalation
from winloss.reports import services as reports
from winloss.testing import make_competitor, make_program
from winloss.testing.planting import FIT, PRICE, lost, plant, won

# Downloads and charts answer files, not pages; a route here is counted all the same when
# it answers a page.
PROGRAM_PAGES = sorted(
    r.name
    for r in project_routes()
    # The workspace comes from the route's prefix, the program from the route itself.
    if set(r.kwargs) == {"program_id"} and "ws>" in r.pattern and not r.name.startswith("api:")
)


def _grow(program, people, rival, times: int) -> None:
    """``times`` more of everything a program's pages list: won and lost deals heard and
    coded (one with a rep's debrief, one against a competitor), each with an escalation, an
    action and a quote in the report."""
    owner = people[Role.OWNER]
    rows = [
        won(codes=[FIT], rep_reason="pricing_commercial"),
        lost(rival=rival, codes=[(*PRICE, rival)], met=[rival]),
    ] * times
    interviews = plant(program, rows)
    today = dt.date(2025, 6, 1)
    Escalation.objects.bulk_create(
        Escalation(
            workspace=program.workspace,
            program=program,
            interview=interview,
            category="churn_risk",
            passage="We are looking at other vendors.",
            owner=owner,
            expected_response_by=today,
        )
        for interview in interviews
    )
    Action.objects.bulk_create(
        Action(
            workspace=program.workspace,
            program=program,
            title=f"Act on interview {interview.pk}",
            owner=owner,
            due_date=today,
            expected_change="enablement",
        )
        for interview in interviews
    )
    report = reports.begin_report(program)
    for excerpt in CodedExcerpt.objects.filter(interview__in=interviews)[:2]:
        report.quotes.create(excerpt=excerpt)


def _counts(client, program) -> dict[str, int]:
    counts = {}
    for name in PROGRAM_PAGES:
        url = reverse(name, kwargs={"ws": program.workspace.slug, "program_id": program.pk})
        client.get(url)  # first use: caches (the codebook, content types) are not the point
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code == 200:
            counts[name] = len(captured)
    return counts


@pytest.mark.django_db
def test_program_pages_ask_as_many_queries_for_three_times_the_data(workspace, people, client_for):
    assert len(PROGRAM_PAGES) > 15  # the resolver was read
    program = make_program(workspace, owner=people[Role.OWNER])
    rival = make_competitor(workspace, name="Vector")
    client = client_for(people[Role.OWNER])
    _grow(program, people, rival, times=2)
    small = _counts(client, program)
    _grow(program, people, rival, times=4)
    large = _counts(client, program)
    assert len(small) > 15, small  # most program pages answered; the rest are checked alike
    grew = {name: (n, large.get(name)) for name, n in small.items() if large.get(name) != n}
    assert grew == {}, "queries (at n, at 3n) of pages that query per row: " + repr(grew)
