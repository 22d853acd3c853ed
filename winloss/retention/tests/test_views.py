import pytest
from django.urls import reverse

from winloss.interviews.models import Note
from winloss.retention.models import PurgeRun, RetentionPolicy
from winloss.retention.services import purge
from winloss.testing import make_program

from .builders import old_interview


@pytest.fixture
def program(workspace):
    return make_program(workspace)


def _url(name: str, **kwargs) -> str:
    return reverse(f"retention:{name}", kwargs={"ws": "acme", **kwargs})


def test_the_page_shows_the_default_policy_and_what_the_next_purge_removes(
    client_for, people, program
):
    old_interview(program, days_ago=400)
    page = client_for(people["admin"]).get(_url("policy")).content.decode()

    assert "No policy saved yet" in page
    assert "1 interviews" in page and program.interviews.get().entry.deal.name in page
    assert "1 appointments emptied: where, concerns, reasons given, messages sent" in page
    assert "Purge now" in page


def test_saving_the_policy(client_for, people):
    client = client_for(people["admin"])
    response = client.post(_url("policy"), {"days": "30", "version": "1"})

    assert response.status_code == 302
    assert RetentionPolicy.objects.get().days == 30


def test_a_stale_policy_edit_shows_the_saved_value(client_for, people, workspace):
    RetentionPolicy.objects.create(workspace=workspace, days=200, version=3)
    page = client_for(people["admin"]).post(_url("policy"), {"days": "30", "version": "2"})

    assert "Someone else saved this" in page.content.decode()
    assert RetentionPolicy.objects.get().days == 200


def test_purging_needs_the_confirmation(client_for, people, program):
    old_interview(program, days_ago=400)
    client = client_for(people["admin"])

    unconfirmed = client.post(_url("purge"))
    assert unconfirmed.status_code == 200 and not PurgeRun.objects.exists()

    confirmed = client.post(_url("purge"), {"confirm": "on"}, follow=True)
    run = PurgeRun.objects.get()
    assert (run.user, run.interviews) == (people["admin"], 1)
    assert "Purged 1 interviews" in confirmed.content.decode()
    assert Note.objects.get().text == ""


def test_only_workspace_admins_see_the_page(client_for, people):
    assert client_for(people["owner"]).get(_url("policy")).status_code == 403


def test_purged_passages_say_when_they_were_purged(client_for, people, program):
    interview = old_interview(program, days_ago=400)
    purge(program.workspace)
    client = client_for(people["admin"])
    args = {"ws": "acme", "program_id": program.pk, "interview_id": interview.pk}
    transcript = interview.transcripts.get()

    screen = client.get(reverse("interviews:screen", kwargs=args) + "?q=1").content.decode()
    turns = client.get(
        reverse("interviews:transcript", kwargs={**args, "transcript_id": transcript.pk})
    ).content.decode()
    coding = client.get(reverse("coding:interview", kwargs=args)).content.decode()

    for page in (screen, turns, coding):
        assert "under the workspace's retention policy" in page
    assert "Purged on" in screen and "Purged on" in turns
