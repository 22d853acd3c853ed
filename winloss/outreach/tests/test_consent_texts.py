"""The consent statement and recording permission: shown for the program, saved as versions."""

import pytest

from winloss.activity.models import LogEntry
from winloss.outreach import consent, services
from winloss.outreach.emails import WordingError
from winloss.outreach.models import ConsentKind, ConsentText


def _url(program, tail: str = "") -> str:
    return f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/consent/{tail}"


def _save(client, program, kind, body, based_on):
    return client.post(
        _url(program, "save/"),
        {"kind": kind, f"{kind}-body": body, f"{kind}-based_on": based_on},
        follow=True,
    )


def test_the_page_shows_both_texts_as_this_programs_respondents_read_them(
    client_for, people, sample
):
    page = client_for(people["coordinator"]).get(_url(sample.program)).content.decode()
    assert "Consent statement" in page and "Recording permission" in page
    assert "for the program “Q1 losses”" in page  # {program} filled in the preview
    assert f"deleted after {consent.RETENTION_DAYS} days" in page
    assert 'name="statement-body"' not in page  # a coordinator may not change the wording


def test_the_owner_saves_a_new_version_and_the_old_one_keeps_its_consents(
    client_for, people, sample, appointment
):
    services.record_consent(
        appointment, services.ConsentAnswers(True, True, True, "named"), given_by="A buyer"
    )
    first = consent.current_text(sample.workspace, ConsentKind.STATEMENT)
    response = _save(
        client_for(people["owner"]),
        sample.program,
        "statement",
        "{company} asks for your view on {program}.",
        first.number,
    )
    page = response.content.decode()
    assert "Version 2 of the consent statement is saved" in page
    assert "Acme Corp asks for your view on Q1 losses." in page
    assert "Version 1 · " in page and "1 consent given on it" in page
    newest = consent.current_text(sample.workspace, ConsentKind.STATEMENT)
    assert newest.number == 2 and newest.created_by == people["owner"]
    first.refresh_from_db()
    assert first.body == consent.DEFAULTS[ConsentKind.STATEMENT]  # never edited
    assert appointment.consents.get().statement == first
    assert LogEntry.objects.filter(action="consent_text.saved").count() == 1


def test_saving_on_an_older_version_than_the_newest_is_refused(client_for, people, sample):
    consent.save_text(
        workspace=sample.workspace,
        kind=ConsentKind.RECORDING,
        body="Recorded, with your leave.",
        user=people["admin"],
    )
    response = _save(client_for(people["owner"]), sample.program, "recording", "Mine.", 1)
    page = response.content.decode()
    assert "Version 2 was saved while you were editing version 1" in page
    assert "Mine." in page  # what was typed is kept in the form
    assert ConsentText.objects.filter(kind="recording").count() == 2


def test_an_unchanged_text_saves_no_new_version(client_for, people, sample):
    text = consent.current_text(sample.workspace, ConsentKind.STATEMENT)
    response = _save(client_for(people["owner"]), sample.program, "statement", text.body, 1)
    assert "unchanged: nothing was saved" in response.content.decode()
    assert not ConsentText.objects.filter(kind="statement").exists()  # still the built-in one


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Kept {retention} days", "{retention}, which is not a merge field"),
        ("  ", "cannot be empty"),
    ],
)
def test_consent_wording_with_a_bad_merge_field_is_refused(workspace, people, body, error):
    with pytest.raises(WordingError, match=error.replace("{", r"\{").replace("}", r"\}")):
        consent.save_text(
            workspace=workspace, kind=ConsentKind.STATEMENT, body=body, user=people["owner"]
        )
