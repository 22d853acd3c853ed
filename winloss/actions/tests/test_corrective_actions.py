"""SOP steps 9 and 10 joined: an escalation leads to the corrective action that answers it,
and the report prints which escalation each action corrects (by kind and date, never its
passage)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from winloss.actions import services
from winloss.actions.models import Action
from winloss.escalations.models import Category
from winloss.escalations.services import raise_escalation
from winloss.reports.content import build
from winloss.reports.formats import render
from winloss.reports.queries import draft_of
from winloss.reports.tests.exported import text_of
from winloss.testing import make_program

PASSAGE = "Their pen test found a hole in the portal, and customer records were exposed."


@pytest.fixture
def program(workspace):
    return make_program(workspace)


@pytest.fixture
def escalation(program, people):
    return raise_escalation(
        program=program,
        category=Category.SECURITY_RISK,
        passage=PASSAGE,
        owner=people["owner"],
        expected_response_by=timezone.localdate() + dt.timedelta(days=2),
        user=people["analyst"],
    )


def _action(program, people, **extra):
    return services.create_action(
        program=program,
        title="Commission an outside penetration test of the portal",
        owner=people["owner"],
        due_date=timezone.localdate() + dt.timedelta(days=30),
        expected_change="product",
        user=people["analyst"],
        **extra,
    )


def test_a_security_risk_is_an_escalation_category_of_its_own(escalation):
    escalation.refresh_from_db()
    assert escalation.get_category_display().startswith("Security risk")


def test_an_action_records_the_escalation_it_corrects(program, people, escalation):
    action = _action(program, people, escalation=escalation)
    assert list(escalation.actions.all()) == [action]


def test_an_escalation_of_another_program_is_refused(workspace, program, people, escalation):
    other = make_program(workspace, name="Another wave")
    with pytest.raises(services.ActionError, match="another program"):
        _action(other, people, escalation=escalation)
    assert not Action.objects.exists()


def test_the_escalation_page_shows_its_corrective_action_and_offers_to_plan_one(
    client_for, program, people, escalation
):
    client = client_for(people["analyst"])
    url = reverse(
        "escalations:detail",
        kwargs={
            "ws": program.workspace.slug,
            "program_id": program.pk,
            "escalation_id": escalation.pk,
        },
    )
    page = client.get(url).content.decode()
    assert "None yet" in page and f"?escalation={escalation.pk}" in page
    _action(program, people, escalation=escalation)
    page = client.get(url).content.decode()
    assert "Commission an outside penetration test of the portal" in page


def test_the_actions_form_arrives_with_the_escalation_chosen(
    client_for, program, people, escalation
):
    client = client_for(people["analyst"])
    url = reverse("actions:list", kwargs={"ws": program.workspace.slug, "program_id": program.pk})
    page = client.get(f"{url}?escalation={escalation.pk}").content.decode()
    assert f'<option value="{escalation.pk}" selected>' in page
    assert '<details id="record-action" open>' in page


def test_creating_from_the_form_links_the_escalation(client_for, program, people, escalation):
    client = client_for(people["analyst"])
    url = reverse("actions:create", kwargs={"ws": program.workspace.slug, "program_id": program.pk})
    client.post(
        url,
        {
            "title": "Fix the portal",
            "owner": people["owner"].pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
            "expected_change": "product",
            "escalation": escalation.pk,
        },
    )
    assert Action.objects.get().escalation == escalation


@pytest.mark.parametrize("fmt", ["docx", "pptx", "xlsx"])
def test_the_report_says_which_escalation_an_action_corrects_without_its_words(
    program, people, escalation, fmt
):
    _action(program, people, escalation=escalation)
    content = build(draft_of(program))
    [row] = content["actions"]
    assert row["escalation"].startswith("Security risk") and "raised" in row["escalation"]
    text = text_of(fmt, render(fmt, content, excerpts=[]))
    assert "corrects the escalation: Security risk" in text
    assert "pen test found a hole" not in text
