"""Sending the survey: who gets it and why the others do not, through the real mail server."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.deals.models import Outcome
from winloss.outreach import links
from winloss.outreach.models import LinkPurpose, MessageKind, MessageStatus, OutreachMessage
from winloss.outreach.reminders import send_due_reminders
from winloss.surveys.models import ResponseStatus, SendMode, SurveyError, SurveyResponse
from winloss.surveys.sending import queries
from winloss.surveys.sending.services import send_survey
from winloss.testing import make_entry, make_program

from .conftest import recent_deal

LINK = re.compile(r"https?://[^/\s]+/s/([^/\s]+)/")


def _reasons(program, **mode) -> dict[str, str]:
    return {c.deal.name: c.skip_reason for c in queries.survey_batch(program, **mode).candidates}


def test_the_batch_skips_sampled_do_not_contact_recent_and_unreachable_buyers_saying_why(
    program, survey, workspace
):
    ready = recent_deal(workspace, name="Ready")
    make_entry(program, recent_deal(workspace, name="Sampled"))
    recent_deal(workspace, name="Blocked", do_not_contact=True)
    recent_deal(workspace, name="No email", email="")
    other = make_program(workspace, name="Other wave")
    asked = recent_deal(workspace, name="Asked elsewhere", email="asked@buyer.example")
    SurveyResponse.objects.create(
        workspace=workspace,
        program=other,
        deal=asked,
        contact=asked.contacts.get(),
        respondent_email="asked@buyer.example",
        outcome=Outcome.LOST,
        source="sent",
        invited_at=timezone.now() - dt.timedelta(days=3),
    )
    old = recent_deal(workspace, name="Long ago")
    old.close_date = timezone.localdate() - dt.timedelta(days=200)
    old.save()
    program.window_start = old.close_date
    program.save()

    reasons = _reasons(program)

    assert reasons[ready.name] == ""
    assert reasons["Sampled"] == "In the interview sample"
    assert reasons["Blocked"] == "Every contact on the deal is do-not-contact"
    assert reasons["No email"] == "No email address"
    assert reasons["Asked elsewhere"] == "Asked for another program in the last 180 days"
    assert reasons["Long ago"] == "Closed more than 90 days ago"


def test_lost_only_and_a_seeded_share_pick_the_same_deals_again(program, survey, workspace):
    for n in range(10):
        recent_deal(workspace, name=f"Lost {n}", email=f"l{n}@buyer.example")
    recent_deal(workspace, name="Won", outcome=Outcome.WON, email="w@buyer.example")
    assert (
        _reasons(program, mode=SendMode.LOST)["Won"] == "Not lost (this send asks lost deals only)"
    )

    def share(seed):
        batch = queries.survey_batch(program, mode=SendMode.SHARE, share_percent=30, seed=seed)
        return sorted(c.deal.name for c in batch.to_send)

    assert len(share(7)) == 3
    assert share(7) == share(7)
    assert share(7) != share(8) or share(7) != share(9)


def test_send_invites_each_buyer_with_their_own_link_through_the_mail_server(
    program, survey, workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    recent_deal(workspace, name="Alpha", email="alpha@buyer.example")
    recent_deal(workspace, name="Beta", email="beta@buyer.example")
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_survey(program, user=people["coordinator"])

    assert sent.invited == 2
    responses = SurveyResponse.objects.filter(program=program)
    assert {r.status for r in responses} == {ResponseStatus.INVITED}
    assert {r.survey_id for r in responses} == {survey.pk}
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "alpha@buyer.example",
        "beta@buyer.example",
    ]
    mail = smtp_server.messages[0]
    assert "minutes of your view" in mail["Subject"]
    assert mail["Reply-To"] == people["owner"].email
    tokens = {LINK.search(m.get_content()).group(1) for m in smtp_server.messages}
    assert len(tokens) == 2
    for token in tokens:
        link = links.resolve(token, purposes=(LinkPurpose.SURVEY,))
        assert link.survey_response.respondent_email in {
            "alpha@buyer.example",
            "beta@buyer.example",
        }
    assert set(OutreachMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert "[secure link]" in OutreachMessage.objects.first().body  # the token is never stored
    entry = LogEntry.objects.get(action="survey.sent")
    assert entry.data["count"] == 2
    # Sent once: a second look finds everyone invited already.
    assert set(_reasons(program).values()) == {"Already sent this program's survey"}


def test_nothing_is_sent_without_an_approved_survey(program, workspace, people):
    recent_deal(workspace)
    with pytest.raises(SurveyError, match="Approve the survey"):
        send_survey(program, user=people["coordinator"])
    assert not SurveyResponse.objects.exists()


def test_a_survey_link_opens_no_interview_page_and_a_tampered_one_is_refused(
    program, survey, workspace, people, client
):
    recent_deal(workspace)
    send_survey(program, user=people["coordinator"], send=False)
    link = OutreachMessage.objects.get().link
    token = links.token_for(link)
    assert client.get(f"/s/{token}/").status_code == 200
    assert client.get(f"/r/{token}/").status_code == 410
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = client.get(f"/s/{tampered}/")
    assert page.status_code == 410 and "This link is not valid" in page.content.decode()


def test_an_expired_survey_link_is_refused(program, survey, workspace, people, client):
    recent_deal(workspace)
    send_survey(program, user=people["coordinator"], send=False)
    link = OutreachMessage.objects.get().link
    link.expires_at = timezone.now() - dt.timedelta(minutes=1)
    link.save()
    page = client.get(f"/s/{links.token_for(link)}/")
    assert page.status_code == 410 and "This link has expired" in page.content.decode()


def test_reminders_reach_survey_buyers_who_have_not_finished_on_the_same_schedule(
    program, survey, workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    recent_deal(workspace, name="Slow", email="slow@buyer.example")
    recent_deal(workspace, name="Done", email="done@buyer.example")
    send_survey(program, user=people["coordinator"], send=False)
    SurveyResponse.objects.filter(deal__name="Done").update(status=ResponseStatus.COMPLETED)
    later = timezone.now() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=later) == 1
    assert send_due_reminders(now=later) == 0  # counted: none goes twice
    (mail,) = smtp_server.messages
    assert mail["To"] == "slow@buyer.example" and mail["Subject"].startswith("A reminder")
    assert LINK.search(mail.get_content())
    reminder = OutreachMessage.objects.get(kind=MessageKind.SURVEY_REMINDER)
    assert reminder.survey_response.reminders_sent == 1


def _bulk_lost_deals(workspace, n: int, prefix: str) -> None:
    """``n`` more lost deals closed last week, each with its account and a buyer to survey."""
    from winloss.deals.models import Account, Contact, Deal

    closed = timezone.localdate() - dt.timedelta(days=5)
    accounts = Account.objects.bulk_create(
        [Account(workspace=workspace, name=f"{prefix}A{i}") for i in range(n)]
    )
    deals = Deal.objects.bulk_create(
        [
            Deal(
                workspace=workspace,
                crm_id=f"{prefix}B{i}",
                name=f"{prefix} bulk {i}",
                outcome=Outcome.LOST,
                close_date=closed,
                account=accounts[i],
            )
            for i in range(n)
        ]
    )
    contacts = Contact.objects.bulk_create(
        [
            Contact(workspace=workspace, name=f"{prefix}C{i}", email=f"{prefix}{i}@b.example")
            for i in range(n)
        ]
    )
    Deal.contacts.through.objects.bulk_create(
        [Deal.contacts.through(deal=d, contact=c) for d, c in zip(deals, contacts, strict=True)]
    )


def _batch_queries(program) -> tuple[int, int]:
    """How many deals the preview would send to, and in how many queries."""
    with CaptureQueriesContext(connection) as captured:
        batch = queries.survey_batch(program)
    return len(batch.to_send), len(captured)


def test_the_preview_asks_as_many_queries_for_three_times_the_deals(program, survey, workspace):
    # Within one chunk of ids: a query per deal (an N+1) shows as a difference.
    _bulk_lost_deals(workspace, 200, "a")
    queries.survey_batch(program)  # first use: caches are not the point
    sent, asked = _batch_queries(program)
    _bulk_lost_deals(workspace, 400, "b")
    assert _batch_queries(program) == (3 * sent, asked) and sent == 200


def test_a_thousand_deals_are_previewed_in_a_handful_of_queries(program, survey, workspace):
    # The scope is a subquery of each read, never an IN list of ids per thousand deals.
    _bulk_lost_deals(workspace, 1000, "c")
    sent, asked = _batch_queries(program)
    assert sent == 1000 and asked < 20


def test_the_send_page_lists_the_batch_and_its_button_sends_as_a_job(
    client_for,
    people,
    program,
    survey,
    workspace,
    smtp_server,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    from winloss.jobs.models import Job

    for n in range(5):
        recent_deal(workspace, name=f"Deal {n}", email=f"b{n}@buyer.example")
    make_entry(program, recent_deal(workspace, name="Sampled"))
    client = client_for(people["coordinator"])
    base = f"/w/{workspace.slug}/programs/{program.pk}/survey"
    with django_assert_max_num_queries(40):
        page = client.get(f"{base}/send/").content.decode()
    assert "Will be sent: 5" in page and "In the interview sample: <strong>1</strong>" in page
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{base}/send/go/", {"mode": "share", "share": "40", "seed": "3"})
    job = Job.objects.get()
    assert started["Location"] == f"/w/{workspace.slug}/jobs/{job.pk}/"
    assert job.status == "succeeded" and job.result == {"invited": 2, "seed": 3}
    assert len(smtp_server.messages) == 2
    assert program.survey_sends.get().seed == 3
    assert "seed 3" in client.get(f"{base}/send/").content.decode()
