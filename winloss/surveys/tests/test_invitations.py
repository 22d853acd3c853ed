"""The invitations a send writes after recording who is invited: in the buyer's language,
through the real mail server, and finished, never doubled, when the work stops midway."""

from decimal import Decimal

import pytest
from django.utils import translation

from winloss.honoraria import services as honoraria
from winloss.outreach import emails
from winloss.outreach.models import MessageKind, OutreachMessage, RespondentLink
from winloss.surveys.models import SurveyResponse
from winloss.surveys.sending import services
from winloss.surveys.sending.services import record_send, send_survey, write_invitations

from .conftest import recent_deal


def _bodies(inbox) -> list[str]:
    return [
        m.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
        for m in inbox.messages
    ]


def test_a_german_respondent_gets_a_german_invitation_with_the_thank_you_in_german(
    program, survey, workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    workspace.respondent_languages = ["de", "en"]
    workspace.save()
    honoraria.set_offer(program=program, user=people["owner"], kind="charity",
                        amount=Decimal(50), currency="EUR", budget=Decimal(500),
                        charities=["Ärzte ohne Grenzen", "UNICEF"])  # fmt: skip
    recent_deal(workspace, name="Alpha", email="alpha@buyer.example")
    with django_capture_on_commit_callbacks(execute=True):
        send_survey(program, user=people["coordinator"])

    (mail,) = smtp_server.messages
    (body,) = _bodies(smtp_server)
    assert (
        mail["Subject"].strip() == f"{workspace.name} bittet Sie um 4 Minuten für Ihre Einschätzung"
    )
    assert body.startswith("Guten Tag ")
    # The survey's own estimate (three factors), as its first page says it.
    assert "Eine kurze Umfrage von etwa 4 Minuten" in body
    assert (
        "Als Dankeschön spenden wir EUR 50 an eine gemeinnützige Organisation Ihrer Wahl "
        "(Ärzte ohne Grenzen oder UNICEF)." in body
    )
    assert "thank-you" not in body and "Dear" not in body
    assert "/s/" in body  # the buyer's own link, put in by the mail worker


def test_the_buyer_who_chose_english_is_reminded_in_english(
    program, survey, workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from winloss.outreach.reminders import send_due_reminders

    workspace.respondent_languages = ["de", "en"]
    workspace.save()
    recent_deal(workspace, name="Alpha", email="alpha@buyer.example")
    send_survey(program, user=people["coordinator"], send=False)
    SurveyResponse.objects.update(language="en")  # chosen on the survey page
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=timezone.now() + dt.timedelta(days=5)) == 1
    (mail,) = smtp_server.messages
    assert mail["Subject"].startswith("A reminder:")


def test_every_built_in_survey_email_is_in_the_german_catalog():
    for kind in (MessageKind.SURVEY_INVITATION, MessageKind.SURVEY_REMINDER):
        for text in emails.DEFAULTS[kind]:
            with translation.override("de"):
                assert translation.gettext(text) != text, text


def test_a_send_stopped_midway_is_finished_by_running_it_again_and_nobody_is_asked_twice(
    program,
    survey,
    workspace,
    people,
    smtp_server,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    for n in range(5):
        recent_deal(workspace, name=f"Deal {n}", email=f"b{n}@buyer.example")
    monkeypatch.setattr(services, "INVITE_CHUNK", 2)
    with django_capture_on_commit_callbacks(execute=True):
        sent = record_send(program, user=people["coordinator"])
    assert sent.invited == 5 and SurveyResponse.objects.count() == 5
    assert not smtp_server.messages  # recorded: the invitations are the job's to write

    def dies_after_first_chunk(done: int, total: int) -> None:
        assert total == 5
        raise RuntimeError("the worker stopped")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        write_invitations(program, report=dies_after_first_chunk)
    assert len(smtp_server.messages) == 2  # the first chunk was committed and sent

    counted = []
    with django_capture_on_commit_callbacks(execute=True):
        assert write_invitations(program, report=lambda d, t: counted.append((d, t))) == 3
    assert counted == [(2, 3), (3, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        assert write_invitations(program) == 0
    assert sorted(m["To"] for m in smtp_server.messages) == [
        f"b{n}@buyer.example" for n in range(5)
    ]
    assert OutreachMessage.objects.filter(kind=MessageKind.SURVEY_INVITATION).count() == 5
    assert RespondentLink.objects.count() == 5


def test_a_retried_send_job_finishes_the_invitations_and_records_nobody_new(
    program, survey, workspace, people, smtp_server, django_capture_on_commit_callbacks
):
    from winloss.jobs.models import Job
    from winloss.surveys.sending.jobs import start_survey_send

    for n in range(3):
        recent_deal(workspace, name=f"Deal {n}", email=f"b{n}@buyer.example")
    record_send(program, user=people["coordinator"], seed=4)  # the job stopped after this
    recent_deal(workspace, name="Later", email="later@buyer.example")
    with django_capture_on_commit_callbacks(execute=True):
        start_survey_send(program, user=people["coordinator"], seed=4)
    job = Job.objects.get()
    assert job.status == "succeeded" and job.done == job.total == 3
    assert len(smtp_server.messages) == 3
    assert program.survey_sends.count() == 1
    assert not SurveyResponse.objects.filter(deal__name="Later").exists()
