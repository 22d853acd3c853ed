"""A deal heard from more than one person: each voice's interview starts on its own
appointment and consent, with its own respondent role, after the first one is done too."""

import pytest

from winloss.interviews import services
from winloss.interviews.models import Interview
from winloss.outreach import voices
from winloss.outreach.services import begin_appointment, record_consent
from winloss.programs.models import EntryStatus
from winloss.testing import make_contact

from .conftest import ALLOWED


@pytest.fixture
def procurement(workspace, consented):
    contact = make_contact(workspace, account=consented.deal.account, name="Paul Procurement")
    return voices.add_voice(consented, contact=contact, role="procurement", user=None)


def _hold(interview, user) -> None:
    services.save_note(
        interview, question_id=None, kind="fact", text="Said a lot.", base_version=0, user=user
    )
    services.complete_interview(interview, user=user)


def test_a_further_voice_is_interviewed_after_the_first_with_its_own_role(
    interviewer, guide, consented, procurement
):
    first = services.start_interview(consented, user=interviewer)
    _hold(first, interviewer)
    consented.refresh_from_db()
    heard_on = consented.interviewed_on
    with pytest.raises(services.InterviewError, match="Confirm the respondent's consent"):
        services.start_interview(consented, user=interviewer, appointment=procurement)
    record_consent(procurement, ALLOWED, given_by="Paul, by email")
    second = services.start_interview(consented, user=interviewer, appointment=procurement)
    assert second.pk != first.pk and second.entry == consented
    assert second.appointment == procurement and second.respondent_role == "procurement"
    # Starting again opens the same interview; the first voice keeps its own.
    assert services.start_interview(consented, user=interviewer, appointment=procurement) == second
    assert services.start_interview(consented, user=interviewer) == first
    assert consented.interview == first and consented.appointment == begin_appointment(consented)
    _hold(second, interviewer)
    consented.refresh_from_db()
    assert consented.status == EntryStatus.INTERVIEWED and consented.interviewed_on == heard_on
    assert Interview.objects.filter(entry=consented).count() == 2


def test_the_list_shows_a_row_and_a_start_button_per_voice(
    client_for, interviewer, guide, consented, procurement
):
    record_consent(procurement, ALLOWED, given_by="Paul, by email")
    base = f"/w/{consented.workspace.slug}/programs/{consented.program_id}/interviews/"
    client = client_for(interviewer)
    page = client.get(base).content.decode()
    assert "Paul Procurement" in page and "same deal:" in page
    assert f'name="voice" value="{procurement.pk}"' in page
    response = client.post(base + f"start/{consented.pk}/", {"voice": procurement.pk})
    interview = Interview.objects.get(appointment=procurement)
    assert response["Location"].endswith(f"/interviews/{interview.pk}/")
    assert client.post(base + f"start/{consented.pk}/", {"voice": "99999"}).status_code == 404


def test_the_rep_s_account_stays_hidden_while_a_voice_is_still_in_progress(
    interviewer, guide, consented, procurement
):
    from winloss.interviews.review.services import debrief_visible_to

    first = services.start_interview(consented, user=interviewer)
    _hold(first, interviewer)
    assert debrief_visible_to(consented, interviewer)
    record_consent(procurement, ALLOWED, given_by="Paul")
    services.start_interview(consented, user=interviewer, appointment=procurement)
    assert not debrief_visible_to(consented, interviewer)
