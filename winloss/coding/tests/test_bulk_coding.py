"""Coding many excerpts in one API call: each item checked like one code, all or none."""

import json

import pytest
from django.test import Client

from winloss.accounts.tokens import create_token
from winloss.activity.models import LogEntry
from winloss.coding.models import CodedExcerpt, InterviewThemeSummary
from winloss.coding.summary import rebuild_summary
from winloss.testing import make_competitor, make_interview, make_program

from .test_api import _body

URL = "/api/v1/excerpts/bulk"


@pytest.fixture
def api(analyst, workspace):
    _, raw = create_token(user=analyst, workspace=workspace, name="api")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _send(api, items):
    return api.post(URL, json.dumps({"excerpts": items}), content_type="application/json")


def _summary() -> set:
    return set(
        InterviewThemeSummary.objects.values_list("interview", "theme", "direction", "excerpts")
    )


def test_a_batch_is_coded_logged_and_summarised_as_single_codes_are(api, interview, analyst):
    make_competitor(interview.workspace, name="Vector Solutions")
    items = [
        {"interview_id": interview.pk, **_body(interview, competitor="Vector Solutions")},
        {"interview_id": interview.pk, **_body(interview, theme="product_fit")},
    ]
    response = _send(api, items)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "errors": []}
    excerpts = CodedExcerpt.objects.order_by("theme__slug")
    assert [(e.theme.slug, e.coder, e.text) for e in excerpts] == [
        ("pricing_commercial", analyst, "thirty percent lower"),
        ("product_fit", analyst, "thirty percent lower"),
    ]
    assert excerpts[0].competitor.name == "Vector Solutions"
    assert LogEntry.objects.filter(action="excerpt.coded").count() == 2
    summary = _summary()
    rebuild_summary()
    assert summary == _summary()
    # The same code again updates it, as one code does.
    again = _send(api, [{**items[0], "direction": "neutral"}])
    assert again.json() == {"created": 0, "updated": 1, "errors": []}
    assert CodedExcerpt.objects.get(theme__slug="pricing_commercial").direction == "neutral"


def test_one_bad_item_stops_the_batch_and_each_is_named(api, interview, workspace):
    unvalidated = make_interview(make_program(workspace, name="Other"), ["Price was high."],
                                 validated=False)  # fmt: skip
    good = {"interview_id": interview.pk, **_body(interview)}
    items = [
        good,
        {**good, "text": "other words"},
        {**good, "theme": "no_such_theme"},
        {**good, "interview_id": unvalidated.pk, "note_id": unvalidated.notes.get().pk},
        {**good, "interview_id": 999999},
    ]
    response = _send(api, items)
    assert response.status_code == 400
    errors = {e["item"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {1, 2, 3, 4}
    assert "does not match" in errors[1] and "no_such_theme" in errors[2]
    assert "validated" in errors[3] and "No interview 999999" in errors[4]
    assert (
        not CodedExcerpt.objects.exists()
        and not LogEntry.objects.filter(action="excerpt.coded").exists()
    )


def test_another_workspaces_interview_is_not_found(api, workspace):
    from winloss.testing import make_workspace

    elsewhere = make_interview(make_program(make_workspace(slug="initech")), ["Price."])
    note = elsewhere.notes.get()
    item = {"interview_id": elsewhere.pk, "note_id": note.pk, "start": 0, "end": 5,
            "text": "Price", "theme": "pricing_commercial", "direction": "loss_driver"}  # fmt: skip
    response = _send(api, [item])
    assert response.status_code == 400 and "No interview" in response.json()["errors"][0]["message"]
    assert not CodedExcerpt.objects.exists()


def test_queries_do_not_grow_with_the_batch(api, interview):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    note = interview.notes.get(text__contains="thirty")
    words = sorted({w for w in note.text.split() if len(w) > 3 and note.text.count(w) == 1})
    items = [
        {"interview_id": interview.pk, "note_id": note.pk, "start": note.text.index(w),
         "end": note.text.index(w) + len(w), "text": w, "theme": theme,
         "direction": "loss_driver"}
        for w in words for theme in ("pricing_commercial", "product_fit")
    ]  # fmt: skip
    assert len(items) >= 8
    _send(api, items[:1])  # seeds the codebook, caches content types, stamps the token
    counts = []
    for batch in (items[1:3], items[3:]):
        with CaptureQueriesContext(connection) as queries:
            assert _send(api, batch).status_code == 200
        counts.append(len(queries))
    # The codebook version the codes are made under, and the workspace's new figures token.
    assert counts[0] == counts[1] <= 16
