"""The guide pages through the test client: each role gets the controls its role allows, and
everything works without JavaScript (findings appear after saving)."""

import pytest

from winloss.activity.models import LogEntry
from winloss.guides.models import GuideStatus, GuideVersion, Question, Section
from winloss.testing import make_guide, make_program

FLAWED = "Did our award-winning support help you decide?"


@pytest.fixture
def program(workspace, people):
    return make_program(workspace, owner=people["owner"])


def _url(program, tail=""):
    return f"/w/acme/programs/{program.pk}/guide/{tail}"


def test_owner_starts_the_guide_from_the_bank_and_sees_it_in_the_editor(
    program, people, client_for
):
    client = client_for(people["owner"])
    assert "Start the guide from the question bank" in client.get(_url(program)).content.decode()

    response = client.post(_url(program, "start/"), follow=True)

    page = response.content.decode()
    assert "Guide started with" in page
    assert "What criteria mattered most when you compared the options?" in page
    assert "Save question" in page and "Approve version 1" in page
    assert "No open linter findings." in page


def test_interviewer_reads_the_guide_without_any_editing_controls(program, people, client_for):
    make_guide(program, [FLAWED])

    page = client_for(people["interviewer"]).get(_url(program)).content.decode()

    assert "award-winning" in page
    for control in ("Save question", "Waive this finding", "Approve version", "Add a question"):
        assert control not in page
    assert "The program owner approves the guide." in page


def test_a_saved_question_shows_its_findings_with_the_words_marked(program, people, client_for):
    make_guide(program)
    client = client_for(people["owner"])

    response = client.post(
        _url(program, "questions/add/"),
        {"section": Section.LOST, "text": FLAWED, "prompts": "Who dealt with support?\n\n"},
        follow=True,
    )

    page = response.content.decode()
    assert "The linter has 2 findings on it" in page
    assert "<mark>Did our</mark>" in page or "<mark>Did our award-winning</mark>" in page
    assert "Praise" in page and "Hint:" in page and "Waive this finding" in page
    added = Question.objects.get(text=FLAWED)
    assert added.section == Section.LOST and added.prompts == ["Who dealt with support?"]
    assert "2 linter findings open" in page


def test_lint_endpoint_returns_the_findings_partial_as_the_owner_types(program, people, client_for):
    client = client_for(people["owner"])

    flawed = client.post(_url(program, "lint/"), {"text": FLAWED}, HTTP_HX_REQUEST="true")
    neutral = client.post(_url(program, "lint/"), {"text": "How did the price compare?"})

    assert flawed.status_code == 200
    partial = flawed.content.decode()
    assert "<html" not in partial
    assert "Closed" in partial and "Praise" in partial
    assert "<mark>our award-winning</mark>" in partial
    assert "save the question to waive" in partial
    assert "No findings" in neutral.content.decode()


def test_lint_endpoint_shows_a_saved_waiver_while_the_wording_is_unchanged(
    program, people, client_for
):
    question = make_guide(program, [FLAWED]).questions.get()
    client = client_for(people["owner"])
    client.post(
        _url(program, f"questions/{question.pk}/waive/"),
        {"version": question.version, "rule": "praise", "reason": "Their own phrase."},
    )

    same = client.post(_url(program, "lint/"), {"text": FLAWED, "question": question.pk})
    changed = client.post(_url(program, "lint/"), {"text": FLAWED + " ", "question": question.pk})

    assert "Their own phrase." in same.content.decode()
    assert "Their own phrase." not in changed.content.decode()


def test_waiving_every_finding_then_approving_through_the_page(program, people, client_for):
    version = make_guide(program, [FLAWED])
    question = version.questions.get()
    client = client_for(people["owner"])
    for rule in ("closed", "praise"):
        question.refresh_from_db()
        client.post(
            _url(program, f"questions/{question.pk}/waive/"),
            {"version": question.version, "rule": rule, "reason": "Agreed with the sponsor."},
        )
    version.refresh_from_db()

    response = client.post(_url(program, "approve/"), {"version": version.version}, follow=True)

    page = response.content.decode()
    assert "Version 1 approved" in page and "Waived by" in page
    version.refresh_from_db()
    assert version.status == GuideStatus.APPROVED
    assert "Edit the guide (starts draft v2)" in page


def test_approving_with_open_findings_says_what_is_left(program, people, client_for):
    version = make_guide(program, [FLAWED])

    response = client_for(people["owner"]).post(
        _url(program, "approve/"), {"version": version.version}, follow=True
    )

    assert "2 linter findings still open" in response.content.decode()
    version.refresh_from_db()
    assert version.status == GuideStatus.DRAFT


def test_editing_an_approved_guide_through_the_page_opens_draft_two(program, people, client_for):
    make_guide(program, approved=True)
    client = client_for(people["admin"])

    page = client.post(_url(program, "revise/"), follow=True).content.decode()

    assert "Draft v2 started as a copy of v1" in page
    assert GuideVersion.objects.filter(program=program, number=2, status="draft").exists()


def test_a_stale_question_edit_is_refused_and_both_wordings_are_shown(program, people, client_for):
    question = make_guide(program).questions.get()
    opened_at = question.version
    client_for(people["admin"]).post(
        _url(program, f"questions/{question.pk}/"),
        {"version": opened_at, "text": "What mattered most when you chose?", "prompts": ""},
    )

    client = client_for(people["owner"])
    response = client.post(
        _url(program, f"questions/{question.pk}/"),
        {"version": opened_at, "text": "Which criteria did you weigh?", "prompts": ""},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "Which criteria did you weigh?" in page and "What mattered most when you chose?" in page
    question.refresh_from_db()
    assert question.text == "What mattered most when you chose?"
    # Saving again from the conflict page (now on the saved version) goes through.
    again = client.post(
        _url(program, f"questions/{question.pk}/"),
        {"version": question.version, "text": "Which criteria did you weigh?", "prompts": ""},
    )
    assert again.status_code == 302
    question.refresh_from_db()
    assert question.text == "Which criteria did you weigh?"


def test_a_stale_delete_keeps_the_question(program, people, client_for):
    question = make_guide(program).questions.get()
    seen = question.version
    client = client_for(people["owner"])
    client.post(
        _url(program, f"questions/{question.pk}/"),
        {"version": seen, "text": "What mattered most when you chose?", "prompts": ""},
    )

    page = client.post(
        _url(program, f"questions/{question.pk}/delete/"), {"version": seen}, follow=True
    ).content.decode()

    assert "was not deleted" in page
    assert Question.objects.filter(pk=question.pk).exists()


def test_moving_and_deleting_questions_is_logged_in_the_program_log(program, people, client_for):
    version = make_guide(program, ["What criteria mattered most?", "Who was involved?"])
    first, second = version.questions.order_by("position")
    client = client_for(people["owner"])

    client.post(_url(program, f"questions/{second.pk}/move/"), {"direction": "up"})
    client.post(_url(program, f"questions/{first.pk}/delete/"), {"version": first.version})

    assert list(version.questions.values_list("text", flat=True)) == ["Who was involved?"]
    log = client.get(f"/w/acme/programs/{program.pk}/log/").content.decode()
    assert "moved a question up in Every interview in guide v1" in log
    assert "deleted a question from Every interview in guide v1" in log
    assert LogEntry.objects.for_object(program).filter(action__startswith="guide.").count() == 2


def test_an_approved_versions_question_cannot_be_opened_for_editing(program, people, client_for):
    question = make_guide(program, approved=True).questions.get()

    response = client_for(people["owner"]).get(_url(program, f"questions/{question.pk}/"))

    assert response.status_code == 302


def test_the_overview_card_follows_the_guide_from_none_to_approved(
    workspace, program, people, client_for
):
    client = client_for(people["analyst"])
    overview = f"/w/acme/programs/{program.pk}/"
    assert "No guide yet." in client.get(overview).content.decode()

    version = make_guide(program, [FLAWED])
    assert "Draft v1 with 2 linter findings open." in client.get(overview).content.decode()

    version.status = GuideStatus.APPROVED
    version.save()
    assert "Approved v1: interviews follow this version." in client.get(overview).content.decode()

    make_guide(program)
    page = client.get(overview).content.decode()
    assert "Approved v1 in use; draft v2 with 0 linter findings open." in page


def test_a_question_edit_lands_in_the_program_log_with_old_and_new_wording(
    program, people, client_for
):
    question = make_guide(program).questions.get()
    client = client_for(people["owner"])

    client.post(
        _url(program, f"questions/{question.pk}/"),
        {"version": question.version, "text": "Which criteria did you weigh?", "prompts": ""},
    )

    log = client.get(f"/w/acme/programs/{program.pk}/log/").content.decode()
    assert "edited a question in Every interview in guide v1" in log
    assert "What criteria mattered most when you compared the options?" in log
    assert "Which criteria did you weigh?" in log


def test_the_guide_page_leads_to_the_consent_language_of_the_same_step(program, people, client_for):
    client = client_for(people["owner"])
    page = client.get(_url(program)).content.decode()
    consent = f"/w/acme/programs/{program.pk}/schedule/consent/"
    assert f'href="{consent}">consent texts</a>' in page
    assert client.get(consent).status_code == 200
