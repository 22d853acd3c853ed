"""The buyer's survey page: consent first, each answer kept as given, resumed, in German."""

import pytest
from django.test import Client

from winloss.outreach import links
from winloss.outreach.models import ConsentRecord, OutreachMessage
from winloss.surveys.models import ResponseStatus, SurveyRating, SurveyResponse
from winloss.surveys.sending.services import send_survey

from .conftest import recent_deal


@pytest.fixture
def token(program, survey, workspace, people):
    recent_deal(workspace, name="Harbour renewal", email="ana@buyer.example")
    send_survey(program, user=people["coordinator"], send=False)
    return links.token_for(OutreachMessage.objects.get().link)


@pytest.fixture
def theme(survey):
    return survey.factors.order_by("position").first().theme


def _consent(client, token):
    return client.post(
        f"/s/{token}/",
        {"action": "consent", "attribution": "anonymous", "answers_allowed": "on"},
    )


def _answer(client, token, field, value):
    return client.post(f"/s/{token}/answer/", {"field": field, "value": value})


def test_no_answer_is_kept_before_consent_whatever_the_page_sends(client, token, theme):
    refused = _answer(client, token, f"rating-{theme.pk}-importance", "5")
    assert refused.status_code == 400
    assert "agree to how your answers are used" in refused.json()["error"]
    fallback = client.post(f"/s/{token}/", {"action": "save", "reconsider": "7"})
    assert fallback.status_code == 400
    assert not SurveyRating.objects.exists()
    assert SurveyResponse.objects.get().reconsider is None
    page = client.get(f"/s/{token}/").content.decode()
    assert "Before you start" in page and "Start the survey" in page


def test_consent_needs_permission_and_a_quoting_choice(client, token):
    page = client.post(f"/s/{token}/", {"action": "consent", "attribution": "anonymous"})
    assert page.status_code == 400
    assert "needs permission to keep your answers" in page.content.decode()
    assert not ConsentRecord.objects.exists()


def test_each_answer_is_kept_as_given_and_the_page_resumes_with_them(client, token, theme):
    _consent(client, token)
    response = SurveyResponse.objects.get()
    assert response.status == ResponseStatus.STARTED
    consent = ConsentRecord.objects.get()
    assert consent.survey_response == response and consent.appointment is None
    assert consent.attribution == "anonymous" and consent.recording_text is None

    assert _answer(client, token, f"rating-{theme.pk}-importance", "4").json() == {"saved": True}
    assert _answer(client, token, "reconsider", "8").status_code == 200
    comment = response.survey.questions.filter(kind="open").first()
    _answer(client, token, f"comment-{comment.pk}", "Faster onboarding.")
    assert _answer(client, token, "reconsider", "11").status_code == 400
    assert _answer(client, token, "rating-999999-importance", "3").status_code == 400

    assert SurveyRating.objects.get(theme=theme).importance == 4
    again = client.get(f"/s/{token}/").content.decode()  # a closed tab, the link opened again
    assert 'value="8" checked' in again
    assert "Faster onboarding." in again
    assert f'name="rating-{theme.pk}-importance" value="4" checked' in again


def test_the_form_posts_whole_without_javascript_and_finishing_uses_the_link_up(
    client, token, theme
):
    _consent(client, token)
    done = client.post(
        f"/s/{token}/",
        {"action": "finish", f"rating-{theme.pk}-performance": "2", "main_reason": str(theme.pk)},
    )
    assert "your answers are in" in done.content.decode()
    response = SurveyResponse.objects.get()
    assert response.status == ResponseStatus.COMPLETED and response.main_reason == theme
    assert SurveyRating.objects.get().performance == 2
    closed = client.get(f"/s/{token}/")
    assert closed.status_code == 410 and "completed this survey" in closed.content.decode()


def test_the_first_page_says_how_long_this_survey_takes(client, token):
    # Three factors rated three ways by a lost deal's buyer, the main reason, the 0–10
    # question and two open ones: 229 seconds, told as about 4 minutes.
    page = client.get(f"/s/{token}/").content.decode()
    assert "It takes about 4 minutes; every answer is kept as you give it" in page


def test_the_buyer_reads_the_survey_in_german_and_the_choice_is_kept(client, token, theme):
    client.post(f"/s/{token}/", {"action": "language", "language": "de"})
    assert SurveyResponse.objects.get().language == "de"
    page = client.get(f"/s/{token}/").content.decode()
    assert '<html lang="de">' in page
    assert "Es dauert etwa 4 Minuten" in page
    assert "Bevor Sie beginnen" in page and "Zitate nur ohne meinen Namen" in page
    _consent(client, token)
    page = client.get(f"/s/{token}/").content.decode()
    assert "Wie wichtig es war" in page
    assert "Welcher davon war der Hauptgrund, dass Sie sich für eine andere Option" in page
    refused = _answer(client, token, "reconsider", "12")
    assert refused.json()["error"] == "Wählen Sie eine Zahl von 0 bis 10."


def test_a_language_the_workspace_does_not_offer_is_refused(client, token, workspace):
    workspace.respondent_languages = ["en"]
    workspace.save()
    page = client.get(f"/s/{token}/").content.decode()
    assert "Deutsch" not in page
    client.post(f"/s/{token}/", {"action": "language", "language": "de"})
    assert SurveyResponse.objects.get().language == "en"


def test_declining_stops_the_link_and_the_reminders(client, token):
    page = client.post(f"/s/{token}/", {"action": "decline"})
    assert "We will not ask you again" in page.content.decode()
    assert SurveyResponse.objects.get().status == ResponseStatus.DECLINED
    assert client.get(f"/s/{token}/").status_code == 410


def test_the_staff_see_the_answers_on_the_response_page(client_for, people, token, theme, program):
    buyer = Client()
    _consent(buyer, token)
    _answer(buyer, token, f"rating-{theme.pk}-importance", "5")
    response = SurveyResponse.objects.get()
    staff = client_for(people["analyst"])
    base = f"/w/{program.workspace.slug}/programs/{program.pk}/survey/responses/"
    listing = staff.get(base).content.decode()
    assert "Harbour renewal" in listing and "Started" in listing
    detail = staff.get(f"{base}{response.pk}/").content.decode()
    assert "ana@buyer.example" in detail and "Quotes only without my name or company" in detail
    assert theme.name in detail and ">5<" in detail
    assert client_for(people["stakeholder"]).get(base).status_code == 403


def test_a_refused_link_is_explained_in_the_browsers_language(client):
    page = client.get("/s/not-a-token/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert page.status_code == 410
    assert "Dieser Link ist ungültig" in page.content.decode()


def test_the_response_pages_read_in_a_few_queries(
    client_for, people, token, program, django_assert_max_num_queries
):
    _consent(Client(), token)
    staff = client_for(people["coordinator"])
    base = f"/w/{program.workspace.slug}/programs/{program.pk}/survey/responses/"
    with django_assert_max_num_queries(25):
        assert staff.get(base).status_code == 200
    with django_assert_max_num_queries(30):
        assert staff.get(f"{base}{SurveyResponse.objects.get().pk}/").status_code == 200


def test_the_survey_invitation_wording_is_previewed_as_a_survey(client_for, people, program):
    page = client_for(people["coordinator"]).get(
        f"/w/{program.workspace.slug}/programs/{program.pk}/schedule/templates/"
    )
    assert "Survey invitation" in page.content.decode()
    assert "asks for 5 minutes of your view" in page.content.decode()
