"""A survey's respondent may ask for their data to be deleted as an interview's may: their
words, address and name go everywhere in the workspace; their ratings still count."""

from django.core.management import call_command

from winloss.activity.models import LogEntry
from winloss.deals.models import Contact
from winloss.outreach import links
from winloss.outreach.models import ConsentRecord, OutreachMessage
from winloss.retention.forget import FORGOTTEN_NAME
from winloss.surveys.models import SurveyComment, SurveyRating, SurveyResponse
from winloss.surveys.sending.services import send_survey

from .conftest import recent_deal

WORDS = "Zorvana's procurement team found the rollout plan vague."


def _answer(program, survey, people, client) -> SurveyResponse:
    send_survey(program, user=people["coordinator"], send=False)
    token = links.token_for(OutreachMessage.objects.get().link)
    client.post(
        f"/s/{token}/",
        {"action": "consent", "attribution": "named", "answers_allowed": "on"},
    )
    theme = survey.factors.order_by("position").first().theme
    client.post(f"/s/{token}/answer/", {"field": f"rating-{theme.pk}-importance", "value": "4"})
    question = survey.questions.filter(kind="open").first()
    client.post(f"/s/{token}/answer/", {"field": f"comment-{question.pk}", "value": WORDS})
    return SurveyResponse.objects.get()


def test_the_owner_deletes_a_survey_respondents_data_from_their_response_page(
    program, survey, workspace, people, client, client_for
):
    recent_deal(workspace, name="Harbour renewal", email="zorvana@buyer.example")
    Contact.objects.update(name="Zorvana Quill")
    response = _answer(program, survey, people, client)
    assert LogEntry.objects.filter(actor="Zorvana Quill (respondent)").exists()
    ws = workspace.slug
    detail = f"/w/{ws}/programs/{program.pk}/survey/responses/{response.pk}/"
    asked = "The respondent asked for their data to be deleted"
    url = f"/w/{ws}/retention/forget/survey/{response.pk}/"
    coordinator = client_for(people["coordinator"])  # schedules, but may not delete
    assert asked not in coordinator.get(detail).content.decode()
    assert coordinator.get(url).status_code == 403
    owner = client_for(people["owner"])
    assert asked in owner.get(detail).content.decode()
    page = owner.get(url).content.decode()
    assert "the written answers, email address, emails and consent wording of 1 survey" in page
    done = owner.post(url, {"confirm": "on"}, follow=True).content.decode()
    assert "Deleted the respondent&#x27;s data" in done and "1 survey answers" in done

    response.refresh_from_db()
    assert response.respondent_email == "" and response.purged_at is not None
    assert WORDS not in SurveyComment.objects.get().text
    assert set(OutreachMessage.objects.values_list("to", "body")) == {("", "")}
    assert set(ConsentRecord.objects.values_list("given_by", flat=True)) == {""}
    contact = Contact.objects.get()
    assert (contact.name, contact.email, contact.do_not_contact) == (FORGOTTEN_NAME, "", True)
    # Who they were is gone from the history too; what happened, and when, stays.
    assert not LogEntry.objects.filter(actor__contains="Zorvana").exists()
    assert LogEntry.objects.filter(action="survey_response.agreed", actor="the respondent")
    assert SurveyRating.objects.get().importance == 4  # the figures keep their base


def test_the_command_line_reaches_a_survey_response_and_shows_before_deleting(
    program, survey, workspace, people, client, capsys
):
    recent_deal(workspace, email="zorvana@buyer.example")
    response = _answer(program, survey, people, client)
    args = ["forget_respondent", "--workspace", workspace.slug, "--survey-response"]

    call_command(*args, str(response.pk))
    assert "1 survey responses. Run again with --yes" in capsys.readouterr().out
    call_command(*args, str(response.pk), "--yes")
    assert "1 survey answers" in capsys.readouterr().out
    assert WORDS not in SurveyComment.objects.get().text
