"""The coordinator's Schedule pages: the batch preview, sending, follow-up and consent."""

import datetime as dt
import re

from winloss.outreach import services
from winloss.outreach.models import Appointment, AppointmentStatus, Availability, ContactAttempt


def _url(sample, tail: str = "") -> str:
    return f"/w/{sample.workspace.slug}/programs/{sample.program_id}/schedule/{tail}"


def test_the_batch_preview_names_everyone_and_says_why_some_are_left_out(
    client_for, people, sample
):
    entries = list(sample.entries.select_related("contact").order_by("pk"))
    entries[0].contact.do_not_contact = True
    entries[0].contact.save()
    entries[1].contact.email = ""
    entries[1].contact.save()
    page = client_for(people["coordinator"]).get(_url(sample)).content.decode()
    assert "Do not contact" in page and "No email address: call instead" in page
    assert entries[2].contact.email in page
    assert page.count('name="entry"') == 1


def test_sending_the_batch_invites_only_the_ticked(
    client_for, people, sample, smtp_server, django_capture_on_commit_callbacks
):
    first, second, _ = sample.entries.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people["coordinator"]).post(_url(sample, "invite/"), {"entry": [first.pk]})
    assert [m["To"] for m in smtp_server.messages] == [first.contact.email]
    assert Appointment.objects.get(entry=first).status == AppointmentStatus.INVITED
    assert not Appointment.objects.filter(entry=second).exists()


def test_the_appointment_page_shows_the_consent_state(client_for, people, appointment):
    services.record_consent(
        appointment,
        services.ConsentAnswers(True, False, False, "not_quotable"),
        given_by="Test buyer",
    )
    page = client_for(people["interviewer"]).get(
        _url(appointment.entry.draw, f"{appointment.entry_id}/")
    )
    text = page.content.decode()
    assert "Notes: <strong>allowed</strong>" in text
    assert "Recording: <strong>not allowed</strong>" in text
    assert "Do not quote me" in text


def test_the_phone_booking_form_ticks_no_consent_for_the_buyer(client_for, people, appointment):
    page = client_for(people["coordinator"]).get(
        _url(appointment.entry.draw, f"{appointment.entry_id}/")
    )
    boxes = re.findall(r"<input[^>]*(?:_allowed|attribution)[^>]*>", page.content.decode())
    assert boxes and not [box for box in boxes if "checked" in box]


def test_phone_tag_and_a_refusal_by_phone_are_recorded(client_for, people, appointment):
    client = client_for(people["coordinator"])
    base = _url(appointment.entry.draw, f"{appointment.entry_id}/")
    client.post(base + "attempt/", {"channel": "phone", "note": "Left a voicemail"})
    assert ContactAttempt.objects.get(appointment=appointment).note == "Left a voicemail"
    client.post(base + "decline/", {"reason": "Not allowed by policy", "version": 1})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.DECLINED
    assert appointment.entry.replaced_by.exists()


def test_a_deal_nobody_approached_has_no_appointment_until_outreach_begins(
    client_for, people, entry
):
    client = client_for(people["coordinator"])
    base = _url(entry.draw, f"{entry.pk}/")
    page = client.get(base).content.decode()
    assert "Not invited" in page and entry.contact.name in page
    assert not Appointment.objects.filter(entry=entry).exists()
    # The page's forms name no voice yet: the first call noted begins the first one.
    assert 'name="voice" value=""' in page
    client.post(base + "attempt/", {"channel": "phone", "note": "No answer", "voice": ""})
    appointment = Appointment.objects.get(entry=entry)
    assert (appointment.contact, appointment.status) == (entry.contact, "not_invited")
    assert appointment.attempts.get().note == "No answer"


def test_an_interview_agreed_by_phone_is_booked_with_its_consent(client_for, people, appointment):
    client = client_for(people["coordinator"])
    base = _url(appointment.entry.draw, f"{appointment.entry_id}/")
    response = client.post(
        base + "book/",
        {
            "starts_at": "2031-05-06T10:00",
            "format": "phone",
            "notes_allowed": "on",
            "recording_allowed": "on",
            "attribution": "named",
            "version": appointment.version,
        },
        follow=True,
    )
    assert "Interview scheduled" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SCHEDULED
    assert appointment.consents.get().given_by.endswith("(by phone, for the respondent)")


def test_interviewers_add_their_availability(client_for, interviewer, sample):
    client = client_for(interviewer)
    day = dt.date.today() + dt.timedelta(days=3)
    client.post(
        _url(sample, "availability/"), {"day": day.isoformat(), "start": "09:00", "end": "11:00"}
    )
    window = Availability.objects.get(interviewer=interviewer)
    assert window.ends_at - window.starts_at == dt.timedelta(hours=2)
    bad = client.post(
        _url(sample, "availability/"), {"day": day.isoformat(), "start": "11:00", "end": "09:00"}
    )
    assert "must end after it starts" in bad.content.decode()


def test_an_interviewer_removes_only_their_own_window_and_it_is_logged(
    client_for, people, interviewer, sample, open_window
):
    from winloss.activity.models import LogEntry

    theirs = Availability.objects.create(
        workspace=sample.workspace,
        interviewer=people["interviewer"],
        starts_at=open_window.starts_at,
        ends_at=open_window.ends_at,
    )
    client = client_for(interviewer)
    client.post(_url(sample, f"availability/{theirs.pk}/delete/"))  # someone else's: kept
    client.post(_url(sample, f"availability/{open_window.pk}/delete/"))
    assert list(Availability.objects.all()) == [theirs]
    entry = LogEntry.objects.get(action="availability.removed")
    assert entry.user == interviewer and entry.data["window"].endswith(":00 (UTC)")


def test_the_batch_leaves_out_those_already_invited_and_says_when_reminders_go(
    client_for, people, sample, settings
):
    settings.OUTREACH_REMINDER_DAYS = [3, 8]
    services.send_invitations(sample.program, user=people["coordinator"])
    page = client_for(people["coordinator"]).get(_url(sample)).content.decode()
    assert "Everyone in the sample is invited" in page
    assert 'name="entry"' not in page
    assert "reminded 3 and 8 days after the invitation" in page


def test_a_deal_without_a_contact_links_to_adding_the_respondent_and_back(
    client_for, people, sample, django_capture_on_commit_callbacks
):
    entry = sample.entries.order_by("pk").first()
    entry.deal.contacts.clear()  # as in an opportunity export: no contact roles
    entry.contact = None
    entry.save()
    coordinator = client_for(people["coordinator"])
    page = coordinator.get(_url(sample)).content.decode()
    row = next(r for r in page.split("<tr>") if entry.deal.name in r and "No contact" in r)
    link = re.search(r'<a href="([^"]+)"[^>]*>Add the respondent</a>', row)
    assert link, row
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            link.group(1).replace("&amp;", "&"),
            {"name": "Ada Buyer", "email": "ada@buyer.example", "decision_role": "evaluator"},
        )
    assert response.status_code == 302 and response["Location"] == _url(sample)
    page = coordinator.get(_url(sample)).content.decode()
    assert "ada@buyer.example" in page and 'aria-label="Invite Ada Buyer"' in page
    # Who may not add contacts is not offered the link.
    interviewer_page = client_for(people["interviewer"]).get(_url(sample)).content.decode()
    assert "Add the respondent" not in interviewer_page


def test_no_send_button_when_nobody_left_in_the_batch_can_be_emailed(client_for, people, sample):
    for entry in sample.entries.select_related("contact"):
        entry.contact.email = ""
        entry.contact.save()
    page = client_for(people["coordinator"]).get(_url(sample)).content.decode()
    assert page.count("No email address: call instead") == 3
    assert "Send the invitations" not in page
    assert "Nobody here can be emailed yet" in page
