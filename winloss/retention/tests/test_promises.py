"""What a respondent was promised binds the purge: a longer policy later keeps nobody longer."""

import pytest

from winloss.accounts.roles import Role
from winloss.interviews.models import Note
from winloss.outreach.models import ConsentRecord
from winloss.retention import services
from winloss.retention.models import RetentionPolicy
from winloss.retention.queries import preview
from winloss.testing import make_program

from .builders import SAID, old_interview


@pytest.fixture
def program(workspace):
    return make_program(workspace)


def _lengthen(workspace, days):
    RetentionPolicy.objects.update_or_create(workspace=workspace, defaults={"days": days})


def test_consent_remembers_the_days_its_texts_promised(program):
    interview = old_interview(program, days_ago=1)

    assert ConsentRecord.objects.get(appointment=interview.appointment).retention_days == 365


def test_a_longer_policy_purges_at_the_days_promised_to_those_who_consented_before(program):
    promised_365 = old_interview(program, days_ago=400)
    _lengthen(program.workspace, 730)
    promised_730 = old_interview(program, days_ago=400)

    assert preview(program.workspace).counts["interviews"] == 1
    run = services.purge(program.workspace)

    assert run.interviews == 1
    assert Note.objects.get(interview=promised_365).text == ""
    assert Note.objects.get(interview=promised_730).text == SAID


def test_keeping_words_without_limit_still_keeps_the_earlier_promises(program):
    promised = old_interview(program, days_ago=400)
    _lengthen(program.workspace, None)
    unlimited = old_interview(program, days_ago=400)

    run = services.purge(program.workspace)

    assert (run.interviews, run.days, run.cutoff) == (1, None, None)
    assert Note.objects.get(interview=promised).text == ""
    assert Note.objects.get(interview=unlimited).text == SAID


def test_the_schedule_page_shows_the_promise_and_that_the_words_went(program, people, client_for):
    interview = old_interview(program, days_ago=400)
    url = f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/{interview.entry_id}/"
    client = client_for(people[Role.COORDINATOR])
    assert "which promised to keep notes for 365 days" in client.get(url).content.decode()

    services.purge(program.workspace)

    page = client.get(url).content.decode()
    assert "removed with their words" in page and "by Dana Whitfield" not in page
