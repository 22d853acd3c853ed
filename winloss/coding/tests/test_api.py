"""The coding API: listing a program's excerpts and coding one through the coding service."""

import json

import pytest
from django.test import Client

from winloss.accounts.tokens import create_token
from winloss.coding.models import CodedExcerpt
from winloss.testing import make_competitor, make_interview, make_member, make_workspace


def _client(user, workspace) -> Client:
    _, raw = create_token(user=user, workspace=workspace, name="api")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api(analyst, workspace):
    return _client(analyst, workspace)


def _post(client, interview, **body):
    return client.post(
        f"/api/v1/interviews/{interview.pk}/excerpts",
        json.dumps(body),
        content_type="application/json",
    )


def _body(interview, words="thirty percent lower", **extra):
    note = next(n for n in interview.notes.all() if words in n.text)
    start = note.text.index(words)
    return {
        "note_id": note.pk,
        "start": start,
        "end": start + len(words),
        "text": words,
        "theme": "pricing_commercial",
        "direction": "loss_driver",
        **extra,
    }


def test_coding_through_the_api_saves_the_excerpt_like_the_screen(api, interview, analyst):
    make_competitor(interview.workspace, name="Vector Solutions")
    response = _post(api, interview, **_body(interview, competitor="vector solutions"))
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["theme"] == "pricing_commercial" and data["competitor"] == "Vector Solutions"
    assert data["codebook_version"] == 1  # the version it was coded under
    excerpt = CodedExcerpt.objects.get()
    assert excerpt.coder == analyst and excerpt.text == "thirty percent lower"
    # The same code again updates it rather than doubling it.
    _post(api, interview, **_body(interview, direction="neutral"))
    assert CodedExcerpt.objects.get().direction == "neutral"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "thirty percent LOWER"}, "does not match the passage"),
        ({"end": 10_000}, "inside the passage"),
        ({"theme": "no_such_theme"}, "No active theme “no_such_theme”"),
        ({"competitor": "Nobody Inc"}, "No competitor named “Nobody Inc”"),
        ({"note_id": None}, "Give either note_id or transcript_turn_id"),
    ],
)
def test_a_bad_excerpt_is_refused_with_a_clear_message(api, interview, change, message):
    response = _post(api, interview, **{**_body(interview), **change})
    assert response.status_code == 400 and message in response.json()["detail"]
    assert not CodedExcerpt.objects.exists()


def test_an_unvalidated_interview_is_not_coded(api, program):
    interview = make_interview(program, ["thirty percent lower"], validated=False)
    response = _post(api, interview, **_body(interview))
    assert response.status_code == 400 and "validated" in response.json()["detail"]


def test_another_workspaces_interview_is_not_found(interview):
    foreign = make_workspace(slug="initech")
    client = _client(make_member(foreign), foreign)
    assert _post(client, interview, **_body(interview)).status_code == 404
    assert client.get(f"/api/v1/programs/{interview.program_id}/excerpts").status_code == 404


def test_the_excerpts_are_listed_page_by_page(api, interview, program):
    _post(api, interview, **_body(interview))
    _post(api, interview, **_body(interview, words="it did not", theme="product_fit"))
    url = f"/api/v1/programs/{program.pk}/excerpts"
    data = api.get(url, {"limit": 1}).json()
    assert [e["text"] for e in data["items"]] == ["thirty percent lower"]
    assert data["items"][0]["codebook_version"] == 1
    assert [e["text"] for e in api.get(data["next"]).json()["items"]] == ["it did not"]
    assert api.get(url, {"theme": "product_fit"}).json()["items"][0]["text"] == "it did not"


def test_coding_an_excerpt_takes_the_same_few_queries_each_time(
    api, interview, django_assert_max_num_queries
):
    _post(api, interview, **_body(interview))  # stamps the token's last use once
    # The token with its owner, membership and workspace; the interview with every check
    # (validated, the passage's words, the theme, the codebook version); then, in the
    # transaction, the same code already given, the excerpt, its count in the summary (one
    # more, unless a second coder's codes need a recount), the log and the workspace's new
    # figures token.
    body = _body(interview, words="it did not")
    with django_assert_max_num_queries(9):
        response = _post(api, interview, **body)
    assert response.status_code == 200, response.content
