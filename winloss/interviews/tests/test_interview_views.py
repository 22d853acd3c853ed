"""The interview screen through the test client: what it shows, the autosave endpoint."""

import pytest

from winloss.interviews import services
from winloss.interviews.models import Interview


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _url(interview, tail: str = "") -> str:
    return (
        f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
        f"{interview.pk}/{tail}"
    )


def test_the_list_starts_an_interview_once_consent_is_confirmed(
    client_for, interviewer, guide, entry
):
    client = client_for(interviewer)
    base = f"/w/{entry.workspace.slug}/programs/{entry.program_id}/interviews/"
    page = client.get(base).content.decode()
    assert "Start: confirm consent first" in page
    response = client.post(
        base + f"start/{entry.pk}/",
        {"confirm_consent": "1", "notes_allowed": "on", "attribution": "named"},
    )
    interview = Interview.objects.get(entry=entry)
    assert response["Location"].endswith(f"/interviews/{interview.pk}/")


def test_the_screen_follows_the_guide_one_question_at_a_time(client_for, interviewer, interview):
    page = client_for(interviewer).get(_url(interview)).content.decode()
    assert "Question 1 of 3" in page
    assert "How did your team decide which vendors to evaluate?" in page
    assert "Recording <strong>not allowed</strong>" in page
    # The rep's story stays out of the interviewer's sight (SOP step 5).
    assert "They loved our price" not in page
    last = client_for(interviewer).get(_url(interview) + "?q=4").content.decode()
    assert "Closing notes" in last and "Complete the interview" in last


def test_autosave_answers_json_and_refuses_a_stale_version(client_for, interviewer, interview):
    client = client_for(interviewer)
    question = interview.guide_version.questions.first()
    data = {"kind": "quote", "question": question.pk, "text": "We chose VectorSol", "version": 0}
    saved = client.post(_url(interview, "notes/"), data, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert saved.json()["mentions"] == [
        {"kind": "competitor", "text": "VectorSol", "competitor": "Vector Solutions"}
    ]
    stale = client.post(
        _url(interview, "notes/"), {**data, "text": "Mine"}, HTTP_ACCEPT="application/json"
    )
    assert stale.status_code == 409 and stale.json()["text"] == "We chose VectorSol"


def test_without_javascript_the_note_form_saves_and_comes_back(client_for, interviewer, interview):
    response = client_for(interviewer).post(
        _url(interview, "notes/"), {"kind": "fact", "question": "", "text": "Met the CFO", "q": "4"}
    )
    assert response["Location"].endswith(f"/interviews/{interview.pk}/?q=4")
    assert interview.notes.get(kind="fact").text == "Met the CFO"


def test_reviewers_read_the_screen_but_cannot_write(client_for, people, interview):
    page = client_for(people["reviewer"]).get(_url(interview)).content.decode()
    assert "Read only" in page and "readonly" in page
    denied = client_for(people["reviewer"]).post(_url(interview, "notes/"), {"kind": "fact"})
    assert denied.status_code == 403
