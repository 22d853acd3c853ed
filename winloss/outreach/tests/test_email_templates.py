"""The workspace's own email wording: edited per kind of message, previewed, checked, versioned."""

import pytest

from winloss.activity.models import LogEntry
from winloss.outreach import emails, services, templates_service
from winloss.outreach.emails import WordingError
from winloss.outreach.models import EmailTemplate, MessageKind, OutreachMessage


def _url(program, tail: str = "") -> str:
    return f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/templates/{tail}"


def _post(client, program, kind, subject, body, version, tail="save/"):
    return client.post(
        _url(program, tail),
        {
            "kind": kind,
            f"{kind}-subject": subject,
            f"{kind}-body": body,
            f"{kind}-version": version,
        },
        follow=True,
    )


def test_the_page_shows_every_message_with_its_merge_fields_and_a_made_up_preview(
    client_for, people, sample
):
    page = client_for(people["interviewer"]).get(_url(sample.program)).content.decode()
    for kind in MessageKind:
        assert f'id="template-{kind.value}"' in page
    assert "{respondent}" in page and "The respondent&#x27;s secure link" in page
    assert "Dear Alex Example" in page  # nobody is invited yet: a made-up respondent
    assert "a made-up respondent" in page
    assert 'name="invitation-subject"' not in page  # an interviewer reads, but cannot edit


def test_the_preview_uses_a_real_appointment_of_the_program_once_there_is_one(
    client_for, people, sample, appointment, interviewer
):
    services.send_invitations(sample.program, user=people["coordinator"])
    page = client_for(people["coordinator"]).get(_url(sample.program)).content.decode()
    appointment.refresh_from_db()
    assert f"Dear {appointment.contact.name}" in page
    assert "Acme Corp would value 30 minutes of your view" in page
    assert "[secure link]" in page


def test_a_coordinator_saves_a_wording_that_later_messages_use(client_for, people, sample):
    client = client_for(people["coordinator"])
    response = _post(
        client,
        sample.program,
        "invitation",
        "A question from {company}",
        "Hello {respondent},\n\nPick a time: {link}\n\n{interviewer}",
        0,
    )
    assert "The invitation message is saved" in response.content.decode()
    assert "Hello " in response.content.decode()  # the preview shows the new wording
    template = EmailTemplate.objects.get(workspace=sample.workspace, kind="invitation")
    assert template.version == 1
    services.send_invitations(sample.program, user=people["coordinator"])
    sent = OutreachMessage.objects.filter(kind="invitation").first()
    assert sent.subject == "A question from Acme Corp"
    assert sent.body.startswith("Hello ")
    entry = LogEntry.objects.get(action="email_template.saved")
    assert entry.changes["subject"] == [emails.DEFAULTS["invitation"][0], template.subject]


def test_an_unknown_merge_field_is_named_and_nothing_is_saved(client_for, people, sample):
    response = _post(
        client_for(people["coordinator"]),
        sample.program,
        "reminder",
        "Reminder",
        "Dear {first_name}, {link}",
        0,
    )
    text = response.content.decode()
    assert "{first_name}, which is not a merge field" in text
    assert "Dear {first_name}" in text  # what was typed stays in the form
    assert not EmailTemplate.objects.exists()


@pytest.mark.parametrize(
    ("kind", "body", "error"),
    [
        ("invitation", "Dear {respondent}", "The body needs {link}"),
        ("thank_you", "Thanks {respondent}: {link}", "carries no link"),
        ("reminder", "Dear {respondent {link}", "without its pair"),
        ("reminder", "Dear {respondent.name} {link}", "{respondent.name}, which is not"),
        ("reminder", "Hi {} {link}", "{}, which is not a merge field"),
        ("reminder", "In {duration:>4} minutes {link}", "without : or !"),
    ],
)
def test_wording_that_cannot_be_sent_is_refused(workspace, people, kind, body, error):
    with pytest.raises(WordingError, match=error.replace("{", r"\{").replace("}", r"\}")):
        templates_service.save_template(
            workspace=workspace,
            kind=kind,
            subject="Subject",
            body=body,
            user=people["coordinator"],
            expected_version=0,
        )


def test_a_stale_edit_shows_both_wordings_and_keeps_the_saved_one(client_for, people, sample):
    coordinator = people["coordinator"]
    templates_service.save_template(
        workspace=sample.workspace,
        kind="reminder",
        subject="Saved first",
        body="A reminder: {link}",
        user=people["admin"],
        expected_version=0,
    )
    response = _post(
        client_for(coordinator), sample.program, "reminder", "Typed second", "Hi {link}", 0
    )
    text = response.content.decode()
    assert "Someone else saved this while you were editing" in text
    assert "What you typed (not saved yet)" in text and "Saved first" in text
    assert 'name="reminder-version" value="1"' in text  # saving again now overwrites knowingly
    assert EmailTemplate.objects.get(kind="reminder").subject == "Saved first"


def test_back_to_the_built_in_wording_deletes_the_custom_one(client_for, people, sample):
    template = templates_service.save_template(
        workspace=sample.workspace,
        kind="confirmation",
        subject="Booked",
        body="See you {when}: {link}",
        user=people["coordinator"],
        expected_version=0,
    )
    client = client_for(people["coordinator"])
    stale = _post(client, sample.program, "confirmation", "", "", template.version + 1, "reset/")
    assert "nothing was reset" in stale.content.decode()
    assert EmailTemplate.objects.exists()

    response = _post(client, sample.program, "confirmation", "", "", template.version, "reset/")
    assert "back to the built-in wording" in response.content.decode()
    assert not EmailTemplate.objects.exists()
    assert emails.template_for(sample.workspace, "confirmation") == emails.DEFAULTS["confirmation"]
    assert LogEntry.objects.filter(action="email_template.reset").count() == 1


def test_saving_over_a_template_reset_meanwhile_asks_to_start_again(workspace, people):
    template = templates_service.save_template(
        workspace=workspace,
        kind="reminder",
        subject="Mine",
        body="{link}",
        user=people["coordinator"],
        expected_version=0,
    )
    templates_service.reset_template(
        workspace=workspace, kind="reminder", user=people["admin"], expected_version=1
    )
    with pytest.raises(WordingError, match="went back to the built-in wording"):
        templates_service.save_template(
            workspace=workspace,
            kind="reminder",
            subject="Mine, edited",
            body="{link}",
            user=people["coordinator"],
            expected_version=template.version,
        )
