"""Closing the loop: actions with owners and due dates, closure with what changed, one
reminder per overdue action, and follow-ups with lost buyers."""

import datetime as dt

import pytest
from django.utils import timezone

from winloss.actions import services
from winloss.actions.models import Action, ActionStatus
from winloss.lib.concurrency import StaleEdit
from winloss.programs.models import EntryStatus
from winloss.programs.sampling.services import DrawSettings, draw_sample, mark_interviewed
from winloss.testing import make_account, make_deal, make_program


@pytest.fixture
def program(workspace):
    return make_program(workspace)


def _action(program, owner, user, **overrides):
    fields = {
        "program": program,
        "title": "Publish an SSO integration guide",
        "owner": owner,
        "due_date": timezone.localdate() + dt.timedelta(days=14),
        "expected_change": "enablement",
        "user": user,
        **overrides,
    }
    return services.create_action(**fields)


def test_an_action_closes_only_with_what_changed(program, people):
    action = _action(program, people["stakeholder"], people["owner"])
    with pytest.raises(services.ActionError, match="Record what changed"):
        services.change_status(
            action, status="done", user=people["stakeholder"], expected_version=1
        )
    action.refresh_from_db()
    services.change_status(
        action,
        status="done",
        closure_evidence="Guide live; reps trained on 3 March",
        user=people["stakeholder"],
        expected_version=1,
    )
    assert action.status == ActionStatus.DONE and action.closed_at
    with pytest.raises(StaleEdit):
        services.change_status(action, status="open", user=None, expected_version=1)


def test_an_overdue_action_sends_one_reminder_not_one_per_run(program, people, smtp_server):
    action = _action(program, people["stakeholder"], people["owner"])
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    [mail] = smtp_server.messages
    assert mail["To"] == people["stakeholder"].email and "Overdue" in mail["Subject"]


def test_stakeholders_see_and_update_their_own_actions(client_for, program, people):
    action = _action(program, people["stakeholder"], people["owner"])
    client = client_for(people["stakeholder"])
    page = client.get(f"/w/{program.workspace.slug}/programs/actions/mine/")
    assert action.title in page.content.decode()
    client.post(
        f"/w/{program.workspace.slug}/programs/{program.pk}/actions/{action.pk}/status/",
        {"status": "in_progress", "version": 1, "back": "mine"},
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS


def test_the_team_records_an_action_from_the_page(client_for, program, people):
    response = client_for(people["analyst"]).post(
        f"/w/{program.workspace.slug}/programs/{program.pk}/actions/new/",
        {
            "title": "Reprice the mid-market bundle",
            "owner": people["owner"].pk,
            "due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "expected_change": "pricing",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().expected_change == "pricing"


def test_a_lost_buyer_gets_a_follow_up_with_one_reminder(workspace, people, smtp_server):
    program = make_program(workspace)
    make_deal(workspace, account=make_account(workspace), outcome="lost")
    entry = draw_sample(program, settings=DrawSettings(size=1, seed=1)).entries.get()
    with pytest.raises(services.ActionError, match="once the buyer has been interviewed"):
        services.plan_follow_up(
            entry, owner=people["owner"], due_date=timezone.localdate(), user=None
        )
    mark_interviewed(entry, on=timezone.localdate())
    entry.refresh_from_db()
    assert entry.status == EntryStatus.INTERVIEWED
    follow_up = services.plan_follow_up(
        entry, owner=people["owner"], due_date=timezone.localdate(), user=None
    )
    assert services.send_reminders() == 1 and services.send_reminders() == 0
    services.record_follow_up(follow_up, outcome="Renewal talk in Q3", user=None)
    assert follow_up.done_at


def test_an_action_links_the_report_quotes_that_justify_it(program, people, client_for):
    from winloss.accounts.roles import Role
    from winloss.coding.queries import codebook_for
    from winloss.coding.services import code_excerpt
    from winloss.reports.services import add_quote, begin_report
    from winloss.testing import make_interview

    interview = make_interview(program, ["Your price was a third above the others."])
    note = interview.notes.get()
    excerpt = code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(note.text),
        theme=codebook_for(program.workspace)[1],
        direction="loss_driver",
        user=people[Role.ANALYST],
    )
    add_quote(begin_report(program), excerpt, user=people[Role.ANALYST])
    client = client_for(people[Role.ANALYST])
    response = client.post(
        f"/w/{program.workspace.slug}/programs/{program.pk}/actions/new/",
        {
            "title": "Publish a price comparison",
            "owner": people[Role.STAKEHOLDER].pk,
            "due_date": "2030-01-31",
            "expected_change": "pricing",
            "evidence": [excerpt.pk],
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Publish a price comparison")
    assert list(action.evidence.all()) == [excerpt]
    page = client.get(f"/w/{program.workspace.slug}/programs/{program.pk}/actions/")
    assert "Evidence: “Your price was a third above the others.”" in page.content.decode()


@pytest.mark.parametrize(
    ("due_date", "owner", "said"),
    [("2025-13-45", "owner", "Enter a valid date."), ("2025-10-01", "abc", "valid choice")],
)
def test_a_follow_up_with_an_impossible_date_or_owner_is_refused_with_a_reason(
    workspace, people, client_for, due_date, owner, said
):
    from django.contrib.messages import get_messages

    from winloss.accounts.roles import Role
    from winloss.actions.models import FollowUp

    program = make_program(workspace)
    make_deal(workspace, account=make_account(workspace), outcome="lost")
    entry = draw_sample(program, settings=DrawSettings(size=1, seed=1)).entries.get()
    mark_interviewed(entry, on=timezone.localdate())
    owner_id = people["owner"].pk if owner == "owner" else owner
    response = client_for(people[Role.OWNER]).post(
        f"/w/{workspace.slug}/programs/{program.pk}/actions/follow-ups/{entry.pk}/",
        {"owner": owner_id, "due_date": due_date},
    )
    assert response.status_code == 302
    assert said in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert not FollowUp.objects.exists()


def test_recording_the_outcome_of_an_unplanned_follow_up_says_to_plan_it_first(
    workspace, people, client_for
):
    from django.contrib.messages import get_messages

    from winloss.accounts.roles import Role
    from winloss.actions.models import FollowUp

    program = make_program(workspace)
    make_deal(workspace, account=make_account(workspace), outcome="lost")
    entry = draw_sample(program, settings=DrawSettings(size=1, seed=1)).entries.get()
    mark_interviewed(entry, on=timezone.localdate())
    response = client_for(people[Role.OWNER]).post(
        f"/w/{workspace.slug}/programs/{program.pk}/actions/follow-ups/{entry.pk}/",
        {"outcome": "They renewed with us after all."},
    )
    assert response.status_code == 302
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert said == "Plan the follow-up first: who checks back with the buyer, and when."
    assert "matching query" not in said
    assert not FollowUp.objects.exists()


def test_two_runs_that_found_the_same_reminder_send_it_once(program, people, smtp_server):
    action = _action(program, people["stakeholder"], people["owner"])
    overdue = timezone.localdate() - dt.timedelta(days=1)
    Action.objects.filter(pk=action.pk).update(due_date=overdue)
    # Both runs (the scheduler and a cron line, say) read the action before either sent it.
    first, second = (Action.objects.get(pk=action.pk) for _ in range(2))
    assert services._remind(first, "Overdue", "Due yesterday.") is True
    assert services._remind(second, "Overdue", "Due yesterday.") is False
    assert len(smtp_server.messages) == 1


def test_a_reminder_that_could_not_be_sent_is_tried_again_next_run(
    program, people, smtp_server, settings
):
    action = _action(program, people["stakeholder"], people["owner"])
    overdue = timezone.localdate() - dt.timedelta(days=1)
    Action.objects.filter(pk=action.pk).update(due_date=overdue)
    good_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the mail server is down
    with pytest.raises(OSError):
        services.send_reminders()
    action.refresh_from_db()
    assert action.reminded_at is None  # the claim was given back
    settings.EMAIL_PORT = good_port
    assert services.send_reminders() == 1
    assert [m["Subject"] for m in smtp_server.messages] == [f"Overdue: {action.title}"]
