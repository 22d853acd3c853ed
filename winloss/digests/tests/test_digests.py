"""The weekly digest: through a real SMTP server and a local chat webhook, once a week, built
as the recipient's role sees the pages, with a one-click unsubscribe; and the account team's
note that its deal's interview summary is ready."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from winloss.accounts.models import Membership
from winloss.accounts.roles import Role
from winloss.actions.models import Action
from winloss.digests import services
from winloss.digests.models import DigestSent, DigestSettings, Subscription, SummaryNotice
from winloss.digests.queries import build_digest
from winloss.evidence.tests.world import publish, second_wave
from winloss.reports.models import Report, ReportVersion
from winloss.testing import make_interview, make_program
from winloss.testing.servers import webhook_receiver

BUYER = "The onboarding plan won us over."
INTERVIEWER = "So onboarding decided it for you?"
UNVALIDATED = "Onboarding was slow."


@pytest.fixture
def wave(workspace, people):
    wave, _ = second_wave(make_program(workspace, name="Q1 wave", owner=people[Role.OWNER]))
    return wave


def _follow(workspace, member, follows="theme", value="product_fit"):
    return services.follow(workspace=workspace, member=member, follows=follows, value=value)


def _body(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def test_a_digest_goes_once_a_week_through_smtp_and_one_click_unsubscribes(
    workspace, people, wave, smtp_server
):
    analyst = people[Role.ANALYST]
    _follow(workspace, analyst)
    assert services.send_digests() == 1
    assert services.send_digests() == 0  # the same week: claimed already
    [mail] = smtp_server.messages
    assert mail["To"] == analyst.email
    body = _body(mail)
    assert "Theme: Product fit — 2 new excerpts" in body
    assert BUYER in body and INTERVIEWER in body and UNVALIDATED not in body
    assert "/evidence/?theme=product_fit" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe in body and "/unsubscribe/" in unsubscribe

    # The mail program's one click: a POST without login or form.
    path = unsubscribe.removeprefix("http://127.0.0.1:8000")
    page = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert page.status_code == 200 and "You are unsubscribed" in page.content.decode()
    assert not Subscription.objects.filter(member=analyst).exists()
    next_week = timezone.now() + dt.timedelta(days=7)
    assert services.send_digests(now=next_week) == 0


def test_an_unsubscribe_link_asks_before_it_acts_and_a_forged_one_does_nothing(workspace, people):
    analyst = people[Role.ANALYST]
    Subscription.objects.create(
        workspace=workspace, member=analyst, follows="segment", value="SMB", label="SMB"
    )
    token = services.unsubscribe_token(Membership.objects.get(user=analyst))
    page = Client().get(f"/unsubscribe/{token}/")
    assert "Stop the weekly digest" in page.content.decode()
    assert Subscription.objects.filter(member=analyst).exists()  # a link scanner's visit
    forged = Client().post(f"/unsubscribe/{token[:-2]}xx/")
    assert forged.status_code == 404 and "not valid" in forged.content.decode()
    assert Subscription.objects.filter(member=analyst).exists()


def test_a_stakeholders_digest_holds_only_published_buyers_words(
    workspace, people, wave, smtp_server
):
    stakeholder = people[Role.STAKEHOLDER]
    _follow(workspace, stakeholder)
    assert services.send_digests() == 0  # nothing published: nothing for them, nothing sent
    publish(wave)
    assert services.send_digests() == 1
    [mail] = smtp_server.messages
    body = _body(mail)
    assert "Theme: Product fit — 1 new excerpt" in body
    assert BUYER in body
    assert INTERVIEWER not in body and UNVALIDATED not in body
    assert "As a stakeholder" in body


@pytest.mark.parametrize("kind", ["slack", "teams"])
def test_the_digest_reaches_a_members_chat_channel_without_any_buyers_words(
    workspace, people, wave, smtp_server, settings, kind
):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True  # the receiver listens on the loopback
    owner = people[Role.OWNER]
    _follow(workspace, owner)
    with webhook_receiver() as (url, received):
        services.save_delivery(
            workspace=workspace, member=owner, by_email=False, chat_kind=kind, chat_url=url
        )
        assert services.send_digests() == 1
    assert not smtp_server.messages  # email turned off
    [payload] = received
    text = payload["text"]
    assert "2 new excerpts on Product fit" in text and BUYER not in text
    if kind == "teams":
        assert payload["@type"] == "MessageCard"
        assert "/subscriptions/" in payload["potentialAction"][0]["targets"][0]["uri"]
    else:
        assert "/subscriptions/|Open in winloss>" in text


def test_a_chat_outage_with_email_off_gives_the_claim_back(workspace, people, wave, settings):
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True
    owner = people[Role.OWNER]
    _follow(workspace, owner)
    DigestSettings.objects.create(
        workspace=workspace, member=owner, by_email=False, chat_kind="slack",
        chat_url="http://127.0.0.1:9/",
    )  # fmt: skip
    assert services.send_digests() == 0
    assert not DigestSent.objects.exists()  # the next run tries again


def test_actions_due_and_changed_figures_with_their_base(workspace, people, smtp_server):
    analyst = people[Role.ANALYST]
    program = make_program(workspace, name="Q3 wave", owner=people[Role.OWNER])
    Action.objects.create(
        workspace=workspace, program=program, title="Rewrite the pricing page",
        owner=people[Role.OWNER], due_date=timezone.localdate() + dt.timedelta(days=3),
        expected_change="pricing",
    )  # fmt: skip
    Action.objects.create(
        workspace=workspace, program=program, title="Next quarter's work",
        owner=people[Role.OWNER], due_date=timezone.localdate() + dt.timedelta(days=40),
        expected_change="pricing",
    )  # fmt: skip
    report = Report.objects.create(workspace=workspace, program=program, title="Report")

    def version(number, k, n):
        among = {"k": k, "n": n, "base": "deals not won", "too_few": False}
        driver = {"theme": "pricing_commercial", "name": "Pricing", "direction": "loss_driver"}
        content = {"drivers": [{**driver, **among, "among": among}]}
        ReportVersion.objects.create(report=report, number=number, content=content, checksum="")

    version(1, 4, 30)
    version(2, 16, 30)
    _follow(workspace, analyst, "program", str(program.pk))
    assert services.send_digests() == 1
    body = _body(smtp_server.messages[0])
    assert "Q3 wave: Pricing (loss driver) in 16 of 30 deals not won, was 4 of 30" in body
    assert "a change beyond chance" in body
    assert "Rewrite the pricing page" in body and "Next quarter's work" not in body


def test_following_names_only_what_the_workspace_has(workspace, people, wave):
    analyst = people[Role.ANALYST]
    with pytest.raises(services.DigestError, match="no such theme"):
        _follow(workspace, analyst, "theme", "no_such_theme")
    with pytest.raises(services.DigestError, match="Choose"):
        _follow(workspace, analyst, "region", "EMEA")
    first = _follow(workspace, analyst, "segment", "Mid-market")
    assert _follow(workspace, analyst, "segment", "Mid-market") == first
    assert str(first) == "Segment: Mid-market"
    with pytest.raises(services.DigestError, match="Only the person"):
        services.unfollow(first, user=people[Role.OWNER])


def test_the_deal_owner_hears_once_that_the_interview_summary_is_ready(
    workspace, people, smtp_server
):
    program = make_program(workspace, name="Q4 wave", owner=people[Role.OWNER])
    interview = make_interview(program, ["Price mattered."])
    deal = interview.entry.deal
    deal.owner_email, deal.name = "rep@acme.example", "Initech renewal"
    deal.save(update_fields=["owner_email", "name"])
    interview.validation.decided_at = timezone.now()
    interview.validation.save(update_fields=["decided_at"])
    unvalidated = make_interview(program, ["Later."], validated=False)
    unvalidated.entry.deal.owner_email = "other@acme.example"
    unvalidated.entry.deal.save(update_fields=["owner_email"])

    assert services.send_summary_notices() == 1
    assert services.send_summary_notices() == 0
    [mail] = smtp_server.messages
    assert mail["To"] == "rep@acme.example"
    assert mail["Subject"] == "The interview summary for Initech renewal is ready"
    body = _body(mail)
    assert f"/programs/{program.pk}/interviews/{interview.pk}/summary/" in body
    assert "needs a winloss account" in body  # the CRM's owner has none here
    assert SummaryNotice.objects.get().to == "rep@acme.example"

    # A deal owner who is a member opens it straight away.
    second = make_interview(program, ["Support."])
    second.entry.deal.owner = people[Role.STAKEHOLDER]
    second.entry.deal.save(update_fields=["owner"])
    second.validation.decided_at = timezone.now()
    second.validation.save(update_fields=["decided_at"])
    assert services.send_summary_notices() == 1
    latest = smtp_server.messages[-1]
    assert latest["To"] == people[Role.STAKEHOLDER].email
    assert "needs a winloss account" not in _body(latest)


def test_two_runs_that_built_the_same_digest_send_it_once(workspace, people, wave, smtp_server):
    membership = Membership.objects.get(user=people[Role.ANALYST], workspace=workspace)
    _follow(workspace, membership.user)
    now = timezone.now()
    week = services.week_of(timezone.localdate(now))
    # Both runs (the scheduler and a cron line, say) built it before either sent it.
    first, second = (
        build_digest(membership, since=now - dt.timedelta(days=7), today=week) for _ in range(2)
    )
    assert services.deliver_once(first, week=week, now=now) is True
    assert services.deliver_once(second, week=week, now=now) is False
    assert len(smtp_server.messages) == 1


def test_a_digest_that_could_not_be_sent_is_tried_again_next_run(
    workspace, people, wave, smtp_server, settings
):
    _follow(workspace, people[Role.ANALYST])
    good_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the mail server is down
    assert services.send_digests() == 0
    assert not DigestSent.objects.exists()  # the claim was given back
    settings.EMAIL_PORT = good_port
    assert services.send_digests() == 1
    assert len(smtp_server.messages) == 1


def test_the_weekly_schedule_sends_the_digests_and_says_how_many(
    workspace, people, wave, smtp_server
):
    from winloss.jobs.services import run_schedule

    _follow(workspace, people[Role.ANALYST])
    _follow(workspace, people[Role.OWNER], "segment", "Mid-market")
    assert run_schedule("digests.weekly") == "2 digests sent."
    assert run_schedule("digests.weekly") == "0 digests sent."
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        [people[Role.ANALYST].email, people[Role.OWNER].email]
    )
