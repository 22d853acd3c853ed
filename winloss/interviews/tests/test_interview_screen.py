"""The interview screen's header and opening, its question block, and completing it safely."""

import pytest

from winloss.deals.models import Account
from winloss.escalations.models import Escalation, EscalationStatus
from winloss.interviews import services
from winloss.interviews.models import Interview, InterviewStatus
from winloss.testing import make_competitor


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _url(interview, tail: str = "") -> str:
    return (
        f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
        f"{interview.pk}/{tail}"
    )


def test_the_header_says_who_and_what_never_a_raw_crm_id(client_for, interviewer, interview):
    deal = interview.entry.deal
    # A CRM export without names: the account and the deal carry only their ids.
    Account.objects.filter(pk=deal.account_id).update(
        name="001Dn00000AbCdE", crm_id="001Dn00000AbCdE"
    )
    deal.name = deal.crm_id
    deal.primary_competitor = make_competitor(interview.workspace, name="Northwind")
    deal.save()
    contact = interview.entry.contact
    contact.name, contact.title = "Dana Buyer", "Head of IT"
    contact.save()
    page = client_for(interviewer).get(_url(interview)).content.decode()
    title = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert deal.crm_id not in title and "001Dn00000AbCdE" not in title
    assert "<title>Interview · A deal closed" in page
    assert "Dana Buyer" in page and "Head of IT" in page
    assert "Northwind" in page and interview.entry.get_outcome_display() in page


def test_the_opening_statement_says_the_purpose_and_the_consent_as_given(
    client_for, interviewer, interview
):
    page = client_for(interviewer).get(_url(interview)).content.decode()
    assert "Opening statement" in page
    assert "This is not a sales call" in page
    assert "only the small team running this program reads the notes" in page
    # The respondent refused recording and allowed quotes only without their name.
    assert "As you asked, the call is not recorded: I will only take notes." in page
    assert "Anything we quote is without your name" in page
    assert "They loved our price" not in page  # the rep's story stays out of sight


def test_another_question_comes_as_its_block_alone(client_for, interviewer, interview):
    client = client_for(interviewer)
    block = client.get(_url(interview) + "?q=2", HTTP_X_QUESTION_BLOCK="1")
    text = block.content.decode()
    assert "Question 2 of 3" in text and "What mattered most when you compared" in text
    assert "<html" not in text and "Opening statement" not in text
    assert "X-Question-Block" in block["Vary"]
    full = client.get(_url(interview) + "?q=2").content.decode()
    assert "<html" in full and "Question 2 of 3" in full


def test_completion_is_refused_while_a_note_is_only_on_the_device(
    client_for, interviewer, interview
):
    first = interview.guide_version.questions.order_by("position").first()
    services.save_note(
        interview,
        question_id=first.pk,
        kind="quote",
        text="Saved",
        base_version=0,
        user=interviewer,
    )
    client = client_for(interviewer)
    kept = '[{"question": "", "kind": "fact", "version": 0}]'
    response = client.post(_url(interview, "complete/"), {"kept": kept}, follow=True)
    page = response.content.decode()
    assert "Not completed: the closing observed fact (not sent yet)" in page
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.IN_PROGRESS

    # Someone saved a newer version of the note this device still holds an older one of.
    services.save_note(
        interview,
        question_id=first.pk,
        kind="quote",
        text="Theirs",
        base_version=1,
        user=interviewer,
    )
    kept = [services.KeptNote(question_id=first.pk, kind="quote", version=1)]
    with pytest.raises(services.InterviewError, match=r"question 1 \(someone saved a newer"):
        services.complete_interview(interview, user=interviewer, kept_on_device=kept)
    client.post(_url(interview, "complete/"), {"kept": "not json"})
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.IN_PROGRESS
    client.post(_url(interview, "complete/"), {"kept": "[]"})
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.COMPLETED


def test_the_interviewer_flags_a_passage_as_urgent_for_the_program_owner(
    client_for, interviewer, interview, people, smtp_server, django_capture_on_commit_callbacks
):
    program = interview.program
    program.owner = people["owner"]
    program.save()
    page = client_for(interviewer).get(_url(interview)).content.decode()
    assert "Flag as urgent" in page
    flag = f"/w/{interview.workspace.slug}/programs/{program.pk}/escalations/urgent/{interview.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(interviewer).post(
            flag,
            {
                "category": "contract_privacy_compliance",
                "passage": "Our data went to a third party",
                "q": "2",
            },
        )
    assert response["Location"].endswith(f"/interviews/{interview.pk}/?q=2")
    escalation = Escalation.objects.get()
    assert escalation.status == EscalationStatus.OPEN and escalation.owner == people["owner"]
    assert escalation.interview == interview and escalation.source == "interview"
    [mail] = smtp_server.messages
    assert mail["To"] == people["owner"].email
    assert "third party" in mail.get_body(preferencelist=("plain",)).get_content()


def test_an_empty_urgent_flag_is_refused_with_a_reason(client_for, interviewer, interview):
    program = interview.program
    flag = f"/w/{interview.workspace.slug}/programs/{program.pk}/escalations/urgent/{interview.pk}/"
    response = client_for(interviewer).post(
        flag, {"category": "churn_risk", "passage": " "}, follow=True
    )
    assert "quote what was said" in response.content.decode()
    assert not Escalation.objects.exists()
