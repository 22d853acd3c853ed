"""The survey pages through the test client: what each role may do, the linter's findings
inline, and the preview a buyer of each outcome would see."""

import re

import pytest

from winloss.coding.models import Theme
from winloss.surveys.builder.services import start_survey
from winloss.surveys.models import QuestionKind, SurveyStatus
from winloss.testing import make_program, make_survey

FLAWED = "Did our award-winning support help you decide?"


@pytest.fixture
def program(workspace, people):
    return make_program(workspace, owner=people["owner"], deal_types=["won", "lost"])


def _url(program, tail=""):
    return f"/w/acme/programs/{program.pk}/survey/{tail}"


def _text(response) -> str:
    """The page's visible words, tags dropped and spaces squeezed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_owner_starts_the_survey_and_sees_the_editor(program, people, client_for):
    client = client_for(people["owner"])
    assert "Start the survey from the question bank" in _text(client.get(_url(program)))

    page = _text(client.post(_url(program, "start/"), follow=True))

    assert "Survey started with 5 questions from the bank and 6 decision factors" in page
    assert "On a scale from 0 to 10, how open is your team to considering us again?" in page
    assert "Decision factors" in page and "Add factor" in page  # the codebook has seven
    assert "No open linter findings." in page and "Approve version 1" in page


def test_the_builder_says_how_long_the_survey_takes_and_warns_past_five_minutes(
    program, people, client_for
):
    client = client_for(people["owner"])
    page = _text(client.post(_url(program, "start/"), follow=True))
    # The bank's survey fits: six factors rated three ways, the main reason, the 0–10
    # question and two open questions, with the first page.
    assert "About 5 minutes for a buyer of a lost deal, who rates each factor three ways" in page
    assert "(283 seconds)" in page
    assert "about 5 minutes for a won deal's buyer (247 seconds)" in page
    assert "Open question · about 60 seconds" in page
    assert "longer than the 5 minutes" not in page

    survey = program.surveys.get()
    used = set(survey.factors.values_list("theme_id", flat=True))
    seventh = Theme.objects.filter(workspace=program.workspace, parent=None).exclude(pk__in=used)
    client.post(_url(program, "factors/add/"), {"theme": seventh.first().pk})
    page = _text(client.get(_url(program)))
    assert "About 6 minutes for a buyer of a lost deal" in page
    assert "This version takes longer than the 5 minutes a buyer survey should." in page


def test_coordinator_edits_but_only_the_owner_approves(program, people, client_for):
    make_survey(program)

    page = _text(client_for(people["coordinator"]).get(_url(program)))

    assert "Save question" in page and "Add a question" in page
    assert "Approve version" not in page and "The program owner approves the survey." in page


def test_an_analyst_reads_the_survey_without_editing_controls(program, people, client_for):
    make_survey(program, [FLAWED])
    client = client_for(people["analyst"])

    page = _text(client.get(_url(program)))

    assert FLAWED in page
    for control in ("Save question", "Waive this finding", "Approve version", "Add factor"):
        assert control not in page
    assert client.post(_url(program, "start/")).status_code == 403


def test_a_saved_question_shows_its_findings_inline_and_approval_waits(program, people, client_for):
    survey = make_survey(program)
    client = client_for(people["owner"])

    response = client.post(_url(program, "questions/add/"), {"kind": "open", "text": FLAWED})
    page = _text(client.get(response["Location"]))

    assert "The linter has 2 findings on it" in page
    assert "2 linter findings open." in page
    assert "Praise · our award-winning" in page and "Closed · Did our" in page
    assert "<mark>Did our award-winning</mark>" in client.get(_url(program)).content.decode()
    survey.refresh_from_db()
    response = client.post(_url(program, "approve/"), {"version": survey.version})
    assert "2 linter findings still open" in _text(client.get(response["Location"]))
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_waiving_a_finding_from_the_page_keeps_it_listed_as_waived(program, people, client_for):
    survey = make_survey(program, ["Did the pricing fit your budget?"])
    question = survey.questions.get()
    client = client_for(people["owner"])

    response = client.post(
        _url(program, f"questions/{question.pk}/waive/"),
        {"version": question.version, "rule": "closed", "reason": "A yes or no is all we need."},
        follow=True,
    )

    page = _text(response)
    assert "Finding waived for this wording of the question." in page
    assert "A yes or no is all we need." in page and "No open linter findings." in page


def test_the_live_linter_answers_what_is_typed(program, people, client_for):
    response = client_for(people["coordinator"]).post(_url(program, "lint/"), {"text": FLAWED})

    assert "Praise" in _text(response) and "Hint:" in _text(response)


def test_editing_a_question_on_an_old_version_shows_both_wordings(program, people, client_for):
    survey = make_survey(program)
    question = survey.questions.get()
    client = client_for(people["owner"])
    url = _url(program, f"questions/{question.pk}/")
    client.post(url, {"text": "What mattered most?", "version": question.version})

    page = _text(client.post(url, {"text": "What mattered?", "version": question.version}))

    assert "What mattered most?" in page and "What mattered?" in page
    question.refresh_from_db()
    assert question.text == "What mattered most?"


def test_the_preview_asks_a_lost_buyer_about_the_option_they_chose(program, people, client_for):
    start_survey(program=program, user=people["owner"])

    page = _text(client_for(people["interviewer"]).get(_url(program, "preview/?outcome=lost")))

    assert "Which one of these was the main reason you chose another option?" in page
    assert "How the option you chose performed" in page and "How we performed" in page
    assert "Something else (in your own words)" in page
    assert "Pricing" in page  # a factor from the SOP codebook, to score and to choose
    assert "0 = not at all · 10 = completely" in page
    assert "Draft: buyers cannot be asked this version" in page


def test_the_preview_asks_a_won_buyer_why_they_chose_us(program, people, client_for):
    start_survey(program=program, user=people["owner"])

    page = _text(client_for(people["owner"]).get(_url(program, "preview/?outcome=won")))

    assert "Which one of these was the main reason you chose us?" in page
    assert "How the option you chose performed" not in page  # the chosen vendor is us


def test_the_preview_asks_a_buyer_who_bought_nothing_why_not(program, people, client_for):
    start_survey(program=program, user=people["owner"])

    page = _text(client_for(people["owner"]).get(_url(program, "preview/?outcome=no_decision")))

    assert "Which one of these was the main reason you decided not to buy?" in page
    assert "(not in scope)" in page


def test_the_survey_page_reads_in_a_fixed_number_of_queries(
    program, people, client_for, django_assert_max_num_queries
):
    survey = start_survey(program=program, user=people["owner"])
    survey.questions.create(kind=QuestionKind.OPEN, position=9, text="What else?")  # one more
    client = client_for(people["owner"])
    client.get(_url(program))  # sessions, caches

    # The bank's six factors leave the codebook's seventh theme to add: its list is a query.
    with django_assert_max_num_queries(15):
        assert client.get(_url(program)).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(_url(program, "preview/?outcome=lost")).status_code == 200


def test_the_program_overview_has_a_survey_card(program, people, client_for):
    overview = f"/w/acme/programs/{program.pk}/"
    assert "No buyer survey yet." in _text(client_for(people["owner"]).get(overview))

    make_survey(program, approved=True)

    page = _text(client_for(people["owner"]).get(overview))
    assert "Survey" in page and "Approved v1: buyers are asked this version." in page
