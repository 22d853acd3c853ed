import re

import pytest
from django.test import Client

from winloss.accounts.roles import Role
from winloss.accounts.tokens import create_token, revoke_token
from winloss.testing import make_account, make_competitor, make_deal


def _client(user, workspace):
    _, raw = create_token(user=user, workspace=workspace, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_deals_are_listed_in_pages_with_filters(workspace, people):
    for n in range(5):
        make_deal(workspace, outcome="lost" if n % 2 else "won", name=f"Deal {n}")
    client = _client(people[Role.ANALYST], workspace)

    page = client.get("/api/v1/deals?limit=2").json()
    assert [d["name"] for d in page["items"]] == ["Deal 0", "Deal 1"] and page["previous"] is None
    second = client.get(page["next"]).json()
    assert [d["name"] for d in second["items"]] == ["Deal 2", "Deal 3"]
    last = client.get(client.get(second["next"]).json()["previous"]).json()
    assert [d["name"] for d in last["items"]] == ["Deal 2", "Deal 3"]
    lost = client.get("/api/v1/deals?outcome=lost").json()
    assert len(lost["items"]) == 2 and {d["outcome"] for d in lost["items"]} == {"lost"}
    assert lost["next"] is None


def test_no_page_is_larger_than_the_maximum_whatever_is_asked(workspace, people):
    from winloss.api_pagination import MAX_PAGE_SIZE
    from winloss.deals.models import Deal

    Deal.objects.bulk_create(
        [
            Deal(workspace=workspace, crm_id=f"B-{n}", name=f"Bulk {n}", outcome="open")
            for n in range(MAX_PAGE_SIZE + 5)
        ]
    )
    client = _client(people[Role.INTERVIEWER], workspace)
    page = client.get("/api/v1/deals?limit=200000").json()
    assert len(page["items"]) == MAX_PAGE_SIZE and page["next"]
    rest = client.get(page["next"]).json()
    assert len(rest["items"]) == 5 and rest["next"] is None
    for path in ("/api/v1/programs", "/api/v1/deals"):
        assert "offset" not in client.get(f"{path}?offset=3&limit=1").json()


def test_each_role_receives_only_the_deal_fields_its_pages_show(workspace, people):
    deal = make_deal(workspace, owner_email="rita@acme.example")
    for role in (Role.INTERVIEWER, Role.REVIEWER, Role.COORDINATOR):
        got = _client(people[role], workspace).get(f"/api/v1/deals/{deal.pk}").json()
        assert got["owner_email"] is None, role
    as_analyst = _client(people[Role.ANALYST], workspace).get("/api/v1/deals").json()
    assert as_analyst["items"][0]["owner_email"] == "rita@acme.example"


def test_interviewers_never_receive_the_reps_stated_reason(workspace, people):
    deal = make_deal(workspace, rep_stated_reason="Price too high")
    as_interviewer = _client(people[Role.INTERVIEWER], workspace)
    as_analyst = _client(people[Role.ANALYST], workspace)
    assert as_interviewer.get(f"/api/v1/deals/{deal.pk}").json()["rep_stated_reason"] is None
    assert as_interviewer.get("/api/v1/deals").json()["items"][0]["rep_stated_reason"] is None
    assert as_analyst.get(f"/api/v1/deals/{deal.pk}").json()["rep_stated_reason"] == (
        "Price too high"
    )


def test_a_revoked_token_or_a_removed_member_is_refused(workspace, people):
    user = people[Role.ANALYST]
    token, raw = create_token(user=user, workspace=workspace, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/deals").status_code == 200
    revoke_token(token=token, user=user)
    assert client.get("/api/v1/deals").status_code == 401

    _, raw = create_token(user=user, workspace=workspace, name="again")
    user.memberships.all().delete()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/deals").status_code == 401


def test_listing_deals_takes_the_same_queries_for_ten_or_a_hundred(
    workspace, people, django_assert_max_num_queries
):
    client = _client(people[Role.ANALYST], workspace)
    competitor = make_competitor(workspace)
    for _ in range(100):
        make_deal(workspace, account=make_account(workspace), primary_competitor=competitor)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/deals?limit=100").json()["items"]) == 100


def test_the_schema_and_its_docs_page_work_offline_under_the_csp(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/deals", "/api/v1/deals/{deal_id}", "/api/v1/programs"} <= set(schema["paths"])
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.content.decode())
    assert assets and all(a.startswith("/static/") for a in assets), assets
    assert "script-src 'self'" in docs["Content-Security-Policy"]


@pytest.mark.parametrize("header", ["", "Bearer nonsense", "Token wl_x_y"])
def test_requests_without_a_valid_token_get_401(db, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    assert client.get("/api/v1/programs").status_code == 401
