"""After a purge the history still says who coded, declined and purged what, and when, but no
longer quotes the words: not even entries written before it stopped storing them."""

import pytest
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.activity.models import REMOVED, LogEntry
from winloss.activity.services import log_action
from winloss.coding.models import CodedExcerpt
from winloss.interviews.models import Interview
from winloss.retention import services
from winloss.retention.models import RetentionPolicy
from winloss.testing import make_program

from .builders import old_interview

QUOTED = "Dana Whitfield here: Northwind's board chose you"


@pytest.fixture
def program(workspace):
    RetentionPolicy.objects.create(workspace=workspace, days=90)
    return make_program(workspace)


def _as_before(interview: Interview) -> None:
    """Entries as the log wrote them before: the coded words and the decline reason."""
    excerpt = CodedExcerpt.objects.filter(interview=interview).first()
    log_action(excerpt, "excerpt.coded", data={"theme": "Price", "text": QUOTED[:80]})
    log_action(interview, "excerpt.removed", data={"theme": "Price", "text": QUOTED})
    log_action(
        interview.program,
        "outreach.declined",
        data={"deal": str(interview.entry.deal), "reason": "Dana is on leave"},
    )


def _history(client, workspace) -> str:
    response = client.get(f"/w/{workspace.slug}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "purged the notes and transcripts of 1 interviews" in page
    return page


def test_the_purge_removes_the_words_the_history_quoted(program, people, client_for):
    interview = old_interview(program, days_ago=91)
    _as_before(interview)

    run = services.purge(program.workspace)

    quoting = LogEntry.objects.filter(action__in=["excerpt.coded", "excerpt.removed"])
    assert {e.data["text"] for e in quoting} == {REMOVED}
    declined = LogEntry.objects.get(action="outreach.declined")
    assert declined.data["reason"] == REMOVED and declined.data["deal"]
    assert "Dana" not in " ".join(e.object_repr for e in LogEntry.objects.all())
    assert run.log_entries == 3
    page = _history(client_for(people[Role.ADMIN]), program.workspace)
    assert "Dana" not in page and "Northwind" not in page


def test_interviews_purged_before_are_caught_up_on_the_next_purge(program):
    interview = old_interview(program, days_ago=91)
    services.purge(program.workspace)
    _as_before(interview)  # as if the earlier purge had left them
    Interview.objects.filter(pk=interview.pk).update(purged_at=timezone.now())

    run = services.purge(program.workspace)

    assert run.interviews == 0 and run.log_entries == 3
    assert not LogEntry.objects.filter(data__text__startswith="Dana").exists()
