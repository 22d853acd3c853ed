"""A respondent's request to delete their data is one action: words and contact details go,
counts stay, the history says it happened without saying what was removed."""

import pytest
from django.core.management import call_command

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding.models import CodedExcerpt
from winloss.deals.models import Contact
from winloss.interviews.models import Interview, InterviewStatus
from winloss.retention.forget import FORGOTTEN_NAME, forget_respondent, reach_of
from winloss.retention.models import RetentionPolicy
from winloss.testing import make_program

from .markers import found, plant


@pytest.fixture
def program(workspace, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    RetentionPolicy.objects.create(workspace=workspace, days=90)
    return make_program(workspace)


def _interview(program) -> Interview:
    return Interview.objects.filter(program=program).exclude(entry__contact=None).get()


def test_forgetting_removes_every_marker_of_the_respondent_and_keeps_the_counts(program, people):
    planted = plant(program, days_ago=1)  # the purge would keep all of it for months
    interview = _interview(program)
    excerpts = CodedExcerpt.objects.filter(interview=interview).count()

    forget_respondent(reach_of(interview.entry), user=people[Role.OWNER])

    theirs = {k: v for k, v in planted.items() if not k.startswith(("declined", "unreachable"))}
    for housekeeping in ("task", "job"):  # rows of no one in particular: the purge's
        theirs.pop(housekeeping)
    left = {label: places for label, value in theirs.items() if (places := found(value))}
    assert left == {}
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.COMPLETED and interview.purged_at is not None
    assert CodedExcerpt.objects.filter(interview=interview).count() == excerpts
    contact = Contact.objects.get(pk=interview.entry.contact_id)
    assert (contact.name, contact.do_not_contact) == (FORGOTTEN_NAME, True)
    # Someone else's refusal in the same program is not theirs to delete.
    assert found(planted["declined"])


def test_the_history_records_the_request_by_whom_without_the_words(program, people):
    plant(program, days_ago=1)
    interview = _interview(program)

    forget_respondent(reach_of(interview.entry), user=people[Role.OWNER])

    entry = LogEntry.objects.get(action="respondent.forgotten")
    assert entry.user == people[Role.OWNER] and entry.object_repr == FORGOTTEN_NAME
    assert describe(entry).startswith(f"{people[Role.OWNER].email} deleted a respondent's data")
    assert "Zorvana" not in describe(entry) + str(entry.data)


def test_the_program_owner_confirms_it_on_one_page(program, people, client_for):
    plant(program, days_ago=1)
    interview = _interview(program)
    url = f"/w/{program.workspace.slug}/retention/forget/{interview.entry_id}/"
    schedule = f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/{interview.entry_id}/"
    asked = "The respondent asked for their data to be deleted"
    assert asked not in client_for(people[Role.COORDINATOR]).get(schedule).content.decode()
    client = client_for(people[Role.OWNER])
    assert asked in client.get(schedule).content.decode()

    page = client.get(url).content.decode()
    assert "notes and transcripts of 1 interview" in page
    refused = client.post(url, {})
    assert refused.status_code == 200 and Contact.objects.filter(name__startswith="Zorvana")
    done = client.post(url, {"confirm": "on"}, follow=True)

    assert "Deleted the respondent&#x27;s data" in done.content.decode()
    assert not Contact.objects.filter(name__startswith="Zorvana").exists()


def test_the_command_shows_then_deletes(program, capsys):
    plant(program, days_ago=1)
    interview = _interview(program)
    args = ["forget_respondent", "--workspace", program.workspace.slug, str(interview.entry_id)]

    call_command(*args)
    assert "Would delete the respondent's data: 1 interviews" in capsys.readouterr().out
    assert Contact.objects.filter(name__startswith="Zorvana").exists()
    call_command(*args, "--yes")

    assert "Deleted the respondent's data" in capsys.readouterr().out
    assert LogEntry.objects.get(action="respondent.forgotten").actor == "command line"
