"""Suggested escalations on the coding screen, confirmed by a person with an owner and a date."""

import datetime as dt

from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.escalations.models import Escalation


def test_a_misrepresentation_is_suggested_and_confirming_routes_it_to_an_owner(
    client_for, analyst, people, interview, coding_url, django_capture_on_commit_callbacks
):
    page = client_for(analyst).get(coding_url).content.decode()
    assert "Suggested escalation: Misrepresentation of product capability" in page
    assert "Confirm the escalation" in page
    note = interview.notes.get(text__contains="SSO")
    owner = people[Role.OWNER]
    respond_by = timezone.localdate() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(analyst).post(
            coding_url + "escalate/",
            {
                "passage": f"note-{note.pk}",
                "category": "misrepresentation",
                "start": "0",
                "owner": owner.pk,
                "expected_response_by": respond_by.isoformat(),
            },
        )
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert escalation.category == "misrepresentation" and escalation.owner == owner
    assert escalation.interview == interview and escalation.expected_response_by == respond_by
    assert escalation.passage == "Your rep told us it supported SSO, it did not."
    assert escalation.raised_by == analyst and escalation.source == "coding"
    after = client_for(analyst).get(coding_url).content.decode()
    assert "Suggested escalation: Misrepresentation" not in after  # confirmed once


def test_nothing_is_escalated_without_a_person_confirming(client_for, analyst, coding_url):
    client_for(analyst).get(coding_url)
    assert not Escalation.objects.exists()


def test_a_reviewer_sees_the_hint_but_cannot_confirm_it(client_for, people, coding_url):
    page = client_for(people[Role.REVIEWER]).get(coding_url).content.decode()
    assert "Suggested escalation: Misrepresentation" in page
    assert "Confirm the escalation" not in page
