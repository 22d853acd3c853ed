"""Two waves of one program for the executive view: pricing cited in 6 of Q1's 30 lost deals
and 24 of Q2's 30 (a change beyond chance), product fit in half of the won deals of both (no
change); an escalation for the sales leader and an action past its due date."""

import datetime as dt

from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.actions.models import Action
from winloss.escalations.models import Escalation
from winloss.reports import services as reports
from winloss.testing import make_member, make_program
from winloss.testing.planting import FIT, PRICE, lost, plant, won

SALES_LEADER = "sales.leader@acme.example"


def wave(workspace, people, name: str, start: dt.date, *, priced: int, won_n: int, previous=None):
    program = make_program(
        workspace,
        name=name,
        owner=people[Role.OWNER],
        previous_wave=previous,
        window_start=start,
        window_end=start + dt.timedelta(days=89),
    )
    rows = [lost(codes=[PRICE] if i < priced else []) for i in range(30)]
    rows += [won(codes=[FIT] if i < won_n // 2 else []) for i in range(won_n)]
    plant(program, rows)
    return program


def two_waves(workspace, people) -> tuple:
    """(Q1, Q2, the sales leader): Q2 follows Q1. Nothing is published."""
    q1 = wave(workspace, people, "Q1 2025", dt.date(2025, 1, 1), priced=6, won_n=20)
    q2 = wave(workspace, people, "Q2 2025", dt.date(2025, 4, 1), priced=24, won_n=30, previous=q1)
    leader = make_member(workspace, Role.STAKEHOLDER, email=SALES_LEADER, name="Sam Leader")
    Escalation.objects.create(
        workspace=workspace,
        program=q2,
        category="churn_risk",
        passage="We are looking at other vendors.",
        owner=leader,
        expected_response_by=timezone.localdate() - dt.timedelta(days=2),
        status="acknowledged",  # acknowledged: the report may be published
    )
    Action.objects.create(
        workspace=workspace,
        program=q1,
        title="Rewrite the discount approval rules",
        owner=people[Role.ANALYST],
        due_date=timezone.localdate() - dt.timedelta(days=10),
        expected_change="pricing",
    )
    return q1, q2, leader


def publish(program, people):
    return reports.publish(reports.begin_report(program), user=people[Role.OWNER])
