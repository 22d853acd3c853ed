"""Further voices on a deal: the coordinator adds them from the deal's page; each is invited,
followed up and refused on its own appointment; the deal stays one entry of the sample."""

import pytest

from winloss.activity.models import LogEntry
from winloss.deals.models import Contact
from winloss.outreach import services, voices
from winloss.outreach.models import Appointment, AppointmentStatus, ContactAttempt
from winloss.programs.models import EntryStatus
from winloss.testing import make_account, make_contact


def _url(entry, tail: str = "") -> str:
    return f"/w/{entry.workspace.slug}/programs/{entry.program_id}/schedule/{entry.pk}/{tail}"


@pytest.fixture
def buyer_team(workspace, entry):
    """Two more people of the deal's account: the economic buyer and procurement."""
    account = entry.deal.account
    return {
        "sponsor": make_contact(
            workspace, account=account, name="Erin Sponsor", email="erin@buyer.example"
        ),
        "procurement": make_contact(
            workspace, account=account, name="Paul Procurement", email="paul@buyer.example"
        ),
    }


def test_the_coordinator_adds_a_contact_of_the_account_as_another_voice(
    client_for, people, entry, buyer_team
):
    client = client_for(people["coordinator"])
    response = client.post(
        _url(entry, "voices/"),
        {"contact": buyer_team["procurement"].pk, "role": "procurement"},
    )
    voice = Appointment.objects.get(entry=entry, contact=buyer_team["procurement"])
    assert response["Location"].endswith(f"?voice={voice.pk}")
    assert voice.respondent_role == "procurement" and voice.interviewer == entry.interviewer
    # The sample's respondent stays the first voice, and the deal one entry.
    assert Appointment.objects.filter(entry=entry).count() == 2
    assert services.begin_appointment(entry).contact == entry.contact
    assert LogEntry.objects.filter(action="outreach.voice_added").exists()
    page = client.get(_url(entry)).content.decode()
    assert "Paul Procurement" in page and "Procurement" in page
    assert "(the sample's respondent)" in page


def test_a_new_contact_is_added_to_the_deal_s_account(client_for, people, entry):
    client_for(people["coordinator"]).post(
        _url(entry, "voices/"),
        {"name": "Una User", "email": "una@buyer.example", "role": "user"},
    )
    una = Contact.objects.get(name="Una User")
    assert una.account == entry.deal.account and una.decision_role == "user"
    assert Appointment.objects.get(contact=una).respondent_role == "user"


def test_a_contact_of_another_account_is_refused(client_for, people, workspace, entry):
    stranger = make_contact(workspace, account=make_account(workspace), name="Sam Stranger")
    response = client_for(people["coordinator"]).post(
        _url(entry, "voices/"), {"contact": stranger.pk, "role": "evaluator"}, follow=True
    )
    assert not Appointment.objects.filter(contact=stranger).exists()
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(services.OutreachError, match="not a contact of"):
        voices.add_voice(entry, contact=stranger, role="evaluator", user=people["coordinator"])


def test_the_same_person_is_a_voice_once(people, entry, buyer_team):
    voices.add_voice(entry, contact=buyer_team["sponsor"], role="executive_sponsor", user=None)
    with pytest.raises(services.OutreachError, match="already a voice"):
        voices.add_voice(entry, contact=buyer_team["sponsor"], role="evaluator", user=None)
    with pytest.raises(services.OutreachError, match="already a voice"):
        voices.add_voice(entry, contact=entry.contact, role="evaluator", user=None)


def test_only_schedulers_add_voices(client_for, people, entry, buyer_team):
    response = client_for(people["interviewer"]).post(
        _url(entry, "voices/"), {"contact": buyer_team["sponsor"].pk, "role": "evaluator"}
    )
    assert response.status_code == 403
    assert Appointment.objects.filter(entry=entry).count() == 0


def test_a_further_voice_is_invited_on_its_own(
    client_for, people, sample, entry, buyer_team, smtp_server, django_capture_on_commit_callbacks
):
    voice = voices.add_voice(
        entry, contact=buyer_team["sponsor"], role="executive_sponsor", user=None
    )
    page = client_for(people["coordinator"]).get(f"/w/acme/programs/{sample.program_id}/schedule/")
    assert f'value="voice-{voice.pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people["coordinator"]).post(
            f"/w/acme/programs/{sample.program_id}/schedule/invite/",
            {"entry": [f"voice-{voice.pk}"]},
        )
    assert [m["To"] for m in smtp_server.messages] == ["erin@buyer.example"]
    voice.refresh_from_db()
    assert voice.status == AppointmentStatus.INVITED
    assert services.begin_appointment(entry).status == AppointmentStatus.NOT_INVITED


def test_a_further_voice_declining_keeps_the_deal_in_the_sample(people, entry, buyer_team):
    voice = voices.add_voice(
        entry, contact=buyer_team["procurement"], role="procurement", user=None
    )
    proposal = services.record_decline(
        voice,
        reason="Procurement never joins these",
        user=people["coordinator"],
        expected_version=1,
    )
    entry.refresh_from_db()
    assert proposal is None and entry.status == EntryStatus.SELECTED
    # The sample's respondent saying no while another voice is still open: still heard.
    sponsor = voices.add_voice(entry, contact=buyer_team["sponsor"], role="evaluator", user=None)
    first = services.begin_appointment(entry)
    services.record_decline(first, reason="Too busy", user=None, expected_version=1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SELECTED
    # Every voice has said no: the deal is refused and a replacement proposed, as ever.
    services.record_decline(sponsor, reason="Not me", user=None, expected_version=1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECLINED


def test_the_page_says_the_deal_stays_when_a_further_voice_declines(
    client_for, people, entry, buyer_team
):
    voice = voices.add_voice(
        entry, contact=buyer_team["procurement"], role="procurement", user=None
    )
    response = client_for(people["coordinator"]).post(
        _url(entry, "decline/"),
        {"reason": "Not my call", "version": 1, "voice": voice.pk},
        follow=True,
    )
    voice.refresh_from_db()
    assert voice.status == AppointmentStatus.DECLINED
    assert "The deal stays in the sample" in response.content.decode()


def test_the_first_voice_declining_alone_refuses_the_deal_as_before(people, entry):
    first = services.begin_appointment(entry)
    services.record_decline(first, reason="Too busy", user=None, expected_version=1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DECLINED


def test_follow_up_goes_to_the_voice_the_page_names(client_for, people, sample, entry, buyer_team):
    voice = voices.add_voice(entry, contact=buyer_team["sponsor"], role="evaluator", user=None)
    client = client_for(people["coordinator"])
    client.post(
        _url(entry, "attempt/"), {"channel": "phone", "note": "Left a voicemail", "voice": voice.pk}
    )
    assert ContactAttempt.objects.get().appointment == voice
    other = sample.entries.exclude(pk=entry.pk).first()
    foreign = services.begin_appointment(other)
    response = client.get(_url(entry) + f"?voice={foreign.pk}")
    assert response.status_code == 404


def test_the_sample_page_links_a_deal_to_its_voices(client_for, people, entry, buyer_team):
    voices.add_voice(entry, contact=buyer_team["sponsor"], role="executive_sponsor", user=None)
    page = client_for(people["coordinator"]).get(f"/w/acme/programs/{entry.program_id}/sample/")
    text = page.content.decode()
    assert "2 voices · add another" in text
    assert f'href="/w/acme/programs/{entry.program_id}/schedule/{entry.pk}/"' in text
