"""POST /api/v1/deals/bulk: deals as JSON, checked and saved by the file-import engine."""

import json

from django.test import Client

from winloss.accounts.roles import Role
from winloss.accounts.tokens import create_token
from winloss.activity.models import LogEntry
from winloss.deals.models import Deal, Outcome, StageMapping
from winloss.testing import make_deal

URL = "/api/v1/deals/bulk"
KEYS = ["created", "updated", "unchanged", "rejected", "duplicates", "errors", "mapping",
        "warnings"]  # fmt: skip


def _post(user, workspace, body: dict):
    _, raw = create_token(user=user, workspace=workspace, name="sync")
    return Client().post(URL, json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {raw}")  # fmt: skip


def _deals(workspace) -> dict[str, tuple]:
    return {
        d.crm_id: (d.name, d.outcome, d.stage, d.amount and int(d.amount))
        for d in Deal.objects.filter(workspace=workspace)
    }


GOOD = [
    {"crm_id": "A-1", "name": "Acme", "outcome": "won", "close_date": "2025-03-31",
     "amount": 1200},
    {"crm_id": "A-2", "name": "Globex", "stage": "Closed Lost", "close_date": "2025-04-01",
     "amount": "900.50"},
    {"crm_id": "A-3", "name": "Initech", "outcome": "no_decision", "stage": "Closed Lost",
     "close_date": "2025-04-02"},
]  # fmt: skip


def test_bulk_deals_are_created_then_updated_by_crm_id_with_the_clis_counts(workspace, people):
    analyst = people[Role.ANALYST]
    response = _post(analyst, workspace, {"deals": GOOD})
    assert response.status_code == 200, response.content
    body = response.json()
    assert list(body) == KEYS
    assert (body["created"], body["rejected"], body["errors"]) == (3, 0, [])
    assert _deals(workspace) == {
        "A-1": ("Acme", "won", "", 1200),
        "A-2": ("Globex", "lost", "Closed Lost", 900),
        # The outcome given outright wins; the stage is kept as the CRM's text.
        "A-3": ("Initech", "no_decision", "Closed Lost", None),
    }
    again = _post(analyst, workspace, {"deals": [{**GOOD[0], "name": "Acme Corp"}, GOOD[1]]})
    assert (again.json()["updated"], again.json()["unchanged"]) == (1, 1)
    entry = LogEntry.objects.filter(action="deals.imported").last()
    assert entry.data["file"] == "the API" and entry.user == analyst


def test_one_bad_deal_stops_them_all_with_400_and_errors_by_position(workspace, people):
    deals = [GOOD[0], {"crm_id": "B-2", "outcome": "maybe", "close_date": "soon"}]
    response = _post(people[Role.ANALYST], workspace, {"deals": deals})
    assert response.status_code == 400
    body = response.json()
    assert (body["created"], body["rejected"]) == (0, 1)
    assert {(e["row"], e["column"], e["value"]) for e in body["errors"]} == {
        (2, "outcome", "maybe"),
        (2, "close_date", "soon"),
    }
    assert not Deal.objects.exists()


def test_valid_only_saves_the_good_deals_and_reports_the_others(workspace, people):
    deals = [GOOD[0], {"crm_id": "B-2", "stage": "Won", "close_date": "2025-02-30"}]
    response = _post(people[Role.OWNER], workspace, {"deals": deals, "valid_only": True})
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["rejected"]) == (1, 1)
    assert set(_deals(workspace)) == {"A-1"}


def test_a_dry_run_saves_nothing_and_uses_the_workspaces_stage_mappings(workspace, people):
    StageMapping.objects.create(workspace=workspace, stage="Verbal Commit", outcome=Outcome.WON)
    make_deal(workspace, crm_id="A-1", name="Acme")
    deals = [{"crm_id": "N-1", "stage": "Verbal Commit", "close_date": "2025-05-01"}]
    response = _post(people[Role.ADMIN], workspace, {"deals": deals, "dry_run": True})
    assert response.status_code == 200 and response.json()["created"] == 1
    assert set(_deals(workspace)) == {"A-1"}
    saved = _post(people[Role.ADMIN], workspace, {"deals": deals})
    assert saved.status_code == 200
    assert Deal.objects.get(crm_id="N-1").outcome == "won"


def test_a_request_the_engine_cannot_take_is_refused_with_the_reason(workspace, people):
    analyst = people[Role.ANALYST]
    unknown = _post(analyst, workspace, {"deals": [{"crm_id": "1", "colour": "red"}]})
    assert unknown.status_code == 400 and "Not deal fields: colour" in unknown.json()["detail"]
    no_id = _post(analyst, workspace, {"deals": [{"name": "x", "stage": "Open"}]})
    assert no_id.status_code == 400 and "crm_id" in no_id.json()["detail"]
    empty = _post(analyst, workspace, {"deals": []})
    assert empty.status_code == 400


def test_roles_that_cannot_edit_deals_are_refused(workspace, people):
    for role in (Role.STAKEHOLDER, Role.INTERVIEWER):
        response = _post(people[role], workspace, {"deals": GOOD})
        assert response.status_code == 403, role
    assert not Deal.objects.exists()
