"""Neutrality and assignment on every write, not only at the start: the deal's rep never
writes, completes, validates or codes the interview about their deal, an interview is written
by its own interviewer only, and a validated one is read-only — through the services, the web
and the API alike."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from winloss.accounts.roles import Role
from winloss.accounts.tokens import create_token
from winloss.coding.models import CodedExcerpt
from winloss.interviews import services
from winloss.interviews.models import Note
from winloss.interviews.review import services as reviews
from winloss.interviews.tests.conftest import TRANSCRIBED
from winloss.interviews.transcripts.services import attach_transcript
from winloss.outreach.services import begin_appointment, record_consent
from winloss.testing import make_interview, make_member, make_program

CALL = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBo Buyer: Price mattered.\n"


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _rep(workspace, role: str):
    """The deal's owner (``make_deal`` names Rita Rep), a member with ``role``."""
    return make_member(workspace, role, name="Rita Rep", email=f"rita-{role}@acme.example")


def _note(interview, user, text="We chose on price", version=0):
    return services.save_note(
        interview, question_id=None, kind="fact", text=text, base_version=version, user=user
    )


def test_the_deal_owner_cannot_write_or_complete_a_colleagues_interview(
    interview, workspace, interviewer
):
    rep = _rep(workspace, Role.INTERVIEWER)
    with pytest.raises(services.InterviewError, match="You own"):
        _note(interview, rep)
    _note(interview, interviewer)
    with pytest.raises(services.InterviewError, match="You own"):
        services.complete_interview(interview, user=rep)
    with pytest.raises(services.InterviewError, match="You own"):
        services.set_respondent_role(interview, role="evaluator", user=rep)
    assert Note.objects.get().updated_by == interviewer
    assert interview.status == "in_progress"


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.OWNER, Role.ADMIN])
def test_only_the_assigned_interviewer_writes_the_interview(interview, workspace, role):
    colleague = make_member(workspace, role, email=f"colleague-{role}@acme.example")
    with pytest.raises(services.InterviewError, match="Iris Interviewer's interview"):
        _note(interview, colleague)
    with pytest.raises(services.InterviewError, match="Iris Interviewer's interview"):
        services.complete_interview(interview, user=colleague)
    assert not Note.objects.exists()


def test_a_deal_given_to_someone_else_is_not_started_by_another_interviewer(
    guide, consented, interviewer, workspace
):
    other = make_member(workspace, Role.INTERVIEWER, name="Olga Other")
    consented.interviewer = interviewer
    consented.save(update_fields=["interviewer"])
    with pytest.raises(services.InterviewError, match="Iris Interviewer's to interview"):
        services.start_interview(consented, user=other)


def test_the_deal_owner_cannot_write_through_the_web(client_for, interview, workspace):
    rep = _rep(workspace, Role.INTERVIEWER)
    url = f"/w/{workspace.slug}/programs/{interview.program_id}/interviews/{interview.pk}/notes/"
    response = client_for(rep).post(
        url, {"kind": "fact", "question": "", "text": "My side", "version": 0},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "You own" in response.json()["error"]
    assert not Note.objects.exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.OWNER])
def test_the_deal_owner_cannot_validate_its_interview(interview, interviewer, workspace, role):
    _note(interview, interviewer)
    services.complete_interview(interview, user=interviewer)
    rep = _rep(workspace, role)
    with pytest.raises(reviews.ReviewError, match="You own"):
        reviews.sign_off(interview, user=rep, expected_version=1)
    with pytest.raises(reviews.ReviewError, match="You own"):
        reviews.return_to_interviewer(interview, user=rep, comments="Redo", expected_version=1)


def _api(user, workspace) -> Client:
    _, raw = create_token(user=user, workspace=workspace, name="api")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ANALYST])
def test_the_deal_owner_cannot_code_its_interview_through_the_api(workspace, role):
    validated = make_interview(make_program(workspace), ["Their quote was thirty percent lower."])
    note = validated.notes.get()
    code = {
        "note_id": note.pk,
        "start": 0,
        "end": 5,
        "text": "Their",
        "theme": "pricing_commercial",
        "direction": "loss_driver",
    }
    api = _api(_rep(workspace, role), workspace)
    one = api.post(
        f"/api/v1/interviews/{validated.pk}/excerpts", json.dumps(code), "application/json"
    )
    assert one.status_code == 400 and "You own" in one.json()["detail"]
    bulk = api.post(
        "/api/v1/excerpts/bulk",
        json.dumps({"excerpts": [{"interview_id": validated.pk, **code}]}),
        "application/json",
    )
    assert bulk.status_code == 400 and "You own" in json.dumps(bulk.json())
    assert not CodedExcerpt.objects.exists()


def test_a_completed_interview_takes_no_transcript(guide, entry, interviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    record_consent(begin_appointment(entry), TRANSCRIBED, given_by="The buyer")
    interview = services.start_interview(entry, user=interviewer)
    _note(interview, interviewer)
    services.complete_interview(interview, user=interviewer)
    with pytest.raises(services.InterviewError, match="completed"):
        attach_transcript(interview, upload=SimpleUploadedFile("call.vtt", CALL), user=interviewer)
    assert not interview.transcripts.exists()


def test_a_validated_interview_is_read_only_for_its_interviewer(program, interviewer):
    validated = make_interview(program, ["Price mattered."], interviewer=interviewer)
    with pytest.raises(services.InterviewError, match="validated"):
        services.complete_interview(validated, user=interviewer)
    with pytest.raises(reviews.ReviewError, match="validated"):
        reviews.confirm_absent(validated, item="pricing", absent=True, user=interviewer)


def test_giving_the_deal_to_another_interviewer_hands_over_the_interview(
    interview, interviewer, workspace, consented
):
    from winloss.programs.sampling.services import assign_interviewer

    other = make_member(workspace, Role.INTERVIEWER, name="Olga Other")
    _note(interview, interviewer)
    consented.refresh_from_db()
    assign_interviewer(consented, interviewer=other, user=None, expected_version=consented.version)
    interview.refresh_from_db()
    with pytest.raises(services.InterviewError, match="Olga Other's interview"):
        _note(interview, interviewer, text="More", version=1)
    assert _note(interview, other, text="More", version=1).note.text == "More"
    consented.refresh_from_db()
    assign_interviewer(consented, interviewer=None, user=None, expected_version=consented.version)
    interview.refresh_from_db()
    with pytest.raises(services.InterviewError, match="no interviewer"):
        services.complete_interview(interview, user=other)


def test_completing_an_interview_thanks_the_respondent_once_by_email(
    interview, interviewer, smtp_server, django_capture_on_commit_callbacks
):
    _note(interview, interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_interview(interview, user=interviewer)
        services.complete_interview(interview, user=interviewer)  # a second click: no more
    thanks = [m for m in smtp_server.messages if m["Subject"].startswith("Thank you from")]
    assert len(thanks) == 1
    assert thanks[0]["To"] == "buyer@buyer.example"
    assert "Thank you for your time and candour" in thanks[0].get_content()


def test_a_respondent_who_asked_not_to_be_contacted_is_not_thanked(
    interview, interviewer, smtp_server, django_capture_on_commit_callbacks
):
    contact = interview.appointment.contact
    contact.do_not_contact = True
    contact.save()
    _note(interview, interviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_interview(interview, user=interviewer)
    assert not [m for m in smtp_server.messages if m["Subject"].startswith("Thank you")]
