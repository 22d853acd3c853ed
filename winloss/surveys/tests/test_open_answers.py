"""Survey open answers coded with the workspace's codebook, then counted as survey evidence."""

import lxml.html
import pytest
from django.urls import reverse

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.analysis.survey import survey_figures
from winloss.coding.models import Theme
from winloss.surveys.models import SurveyCode, SurveyComment, SurveyResponse
from winloss.testing import make_deal, make_program


@pytest.fixture
def program(workspace):
    program = make_program(workspace, min_per_outcome=1)
    texts = {
        "lost": ["Their price was far lower and the contract terms simpler.",
                 "Pricing: we could not justify the cost against the budget.",
                 "The demo did not show the integration we needed."],
        "won": ["The product fit our workflow exactly."],
    }  # fmt: skip
    for outcome, answers in texts.items():
        for n, text in enumerate(answers):
            response = SurveyResponse.objects.create(
                workspace=workspace, program=program, deal=make_deal(workspace, outcome=outcome),
                outcome=outcome, source="imported", status="completed",
                respondent_email=f"{outcome}{n}@x.example",
            )  # fmt: skip
            SurveyComment.objects.create(response=response, prompt="What would have changed it?",
                                         text=text)  # fmt: skip
    return program


def _page(client, program):
    url = reverse(
        "survey_answers:page", kwargs={"ws": program.workspace.slug, "program_id": program.pk}
    )
    return url, client.get(url)


def test_an_analyst_codes_answers_from_the_suggestions_and_the_figures_count_them(
    program, people, client_for
):
    client = client_for(people["analyst"])
    _, response = _page(client, program)
    page = lxml.html.fromstring(response.content)
    first = page.get_element_by_id(f"answer-{SurveyComment.objects.order_by('pk')[0].pk}")
    buttons = [b.text_content() for b in first.iter("button")]
    assert any(b.startswith("Suggested: Pricing and commercial terms") for b in buttons)
    price = Theme.objects.get(workspace=program.workspace, slug="pricing_commercial")
    fit = Theme.objects.get(workspace=program.workspace, slug="product_fit")
    comments = list(SurveyComment.objects.order_by("pk"))
    for comment, theme, direction in [
        (comments[0], price, "loss_driver"), (comments[1], price, "loss_driver"),
        (comments[2], fit, "loss_driver"), (comments[3], fit, "win_driver"),
    ]:  # fmt: skip
        client.post(
            reverse("survey_answers:code", kwargs={"ws": program.workspace.slug,
                    "program_id": program.pk, "comment_id": comment.pk}),
            {"theme": theme.pk, "direction": direction},
        )  # fmt: skip
    assert SurveyCode.objects.count() == 4
    drivers = {(d["theme"], d["direction"]): d for d in survey_figures(program)["drivers"]}
    loss = drivers[("pricing_commercial", "loss_driver")]
    assert (loss["k"], loss["n"], loss["evidence"]) == (2, 3, "survey")
    assert loss["base"] == "survey responses not won with a coded open answer"
    assert drivers[("product_fit", "win_driver")]["n"] == 1
    entry = LogEntry.objects.filter(action="survey.answer_coded").order_by("pk").first()
    assert "coded an open answer of" in describe(entry)
    assert "as Pricing and commercial terms (loss driver)" in describe(entry)
    # Coded answers are shown with their code, which can be taken off again.
    _, response = _page(client, program)
    assert "Pricing and commercial terms (loss driver)" in response.content.decode()
    code = SurveyCode.objects.filter(theme=fit, direction="win_driver").get()
    client.post(reverse("survey_answers:uncode", kwargs={"ws": program.workspace.slug,
                "program_id": program.pk}), {"code": code.pk})  # fmt: skip
    assert not SurveyCode.objects.filter(pk=code.pk).exists()


def test_an_interviewer_reads_the_answers_but_cannot_code_them(program, people, client_for):
    client = client_for(people["interviewer"])
    _, response = _page(client, program)
    assert response.status_code == 200
    assert "Their price was far lower" in response.content.decode()
    assert "Suggested:" not in response.content.decode()
    comment = SurveyComment.objects.first()
    theme = Theme.objects.filter(workspace=program.workspace).first()
    denied = client.post(
        reverse("survey_answers:code", kwargs={"ws": program.workspace.slug,
                "program_id": program.pk, "comment_id": comment.pk}),
        {"theme": theme.pk, "direction": "neutral"},
    )  # fmt: skip
    assert denied.status_code == 403 and not SurveyCode.objects.exists()


def test_another_workspace_cannot_reach_the_answers(program, outsider, client_for):
    client = client_for(outsider)
    _, response = _page(client, program)
    assert response.status_code == 404


def test_a_theme_of_another_workspace_is_refused(program, people, client_for):
    from winloss.testing import make_workspace

    other = Theme.objects.filter(workspace=make_workspace()).first()
    client = client_for(people["analyst"])
    comment = SurveyComment.objects.first()
    response = client.post(
        reverse("survey_answers:code", kwargs={"ws": program.workspace.slug,
                "program_id": program.pk, "comment_id": comment.pk}),
        {"theme": other.pk, "direction": "neutral"}, follow=True,
    )  # fmt: skip
    assert "Choose a theme of the codebook." in response.content.decode()
    assert not SurveyCode.objects.exists()


def test_a_stakeholder_sees_no_raw_answers(program, people, client_for):
    _, response = _page(client_for(people["stakeholder"]), program)
    assert response.status_code == 403
