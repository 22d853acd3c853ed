"""The survey's figures recover planted answers exactly, count only completed responses, and
travel in ``winloss analyze --json`` beside the interviews' figures, never merged into them."""

import io
import json
import math
import statistics

import pytest
from django.core.management import call_command
from scipy import stats

from winloss.analysis.survey import survey_figures
from winloss.coding.models import Theme
from winloss.lib.stats import mean_interval, wilson_interval
from winloss.surveys.models import SurveyRating, SurveyResponse
from winloss.testing import make_deal, make_program

# Planted: per outcome, (main reason slug or None, reconsider, {slug: (importance, ours,
# chosen)}) for each respondent.
LOST = [
    ("pricing_commercial", 2, {"pricing_commercial": (5, 2, 4), "product_fit": (3, 4, 4)}),
    ("pricing_commercial", 4, {"pricing_commercial": (4, 2, 5), "product_fit": (4, 3, 5)}),
    ("pricing_commercial", 3, {"pricing_commercial": (5, 3, 4), "product_fit": (2, None, 4)}),
    ("product_fit", 6, {"pricing_commercial": (3, 3, 3), "product_fit": (5, 2, 5)}),
    (None, 5, {"pricing_commercial": (4, None, None)}),
]
WON = [
    ("product_fit", 9, {"product_fit": (5, 5, None), "pricing_commercial": (3, 4, None)}),
    ("product_fit", 10, {"product_fit": (4, 5, None), "pricing_commercial": (2, 3, None)}),
    ("pricing_commercial", 8, {"product_fit": (4, 4, None), "pricing_commercial": (5, 5, None)}),
]


@pytest.fixture
def program(workspace):
    program = make_program(workspace)
    themes = {t.slug: t for t in Theme.objects.filter(workspace=workspace)}
    for outcome, planted in (("lost", LOST), ("won", WON)):
        for n, (reason, reconsider, ratings) in enumerate(planted):
            deal = make_deal(workspace, outcome=outcome)
            response = SurveyResponse.objects.create(
                workspace=workspace, program=program, deal=deal, outcome=outcome,
                source="imported", status="completed", respondent_email=f"{outcome}{n}@x.example",
                main_reason=themes.get(reason), main_reason_other="" if reason else "Timing",
                reconsider=reconsider,
            )  # fmt: skip
            for slug, (importance, ours, chosen) in ratings.items():
                SurveyRating.objects.create(
                    response=response, theme=themes[slug], importance=importance,
                    performance=ours, chosen_performance=chosen,
                )  # fmt: skip
    # Invited and started buyers have not answered: they count nowhere.
    for status in ("invited", "started"):
        SurveyResponse.objects.create(
            workspace=workspace, program=program, deal=make_deal(workspace, outcome="lost"),
            outcome="lost", source="sent", status=status, main_reason=themes["product_fit"],
            reconsider=0,
        )  # fmt: skip
    return program


def _by_theme(rows, slug):
    return next(row for row in rows if row["theme"] == slug)


def test_main_reason_shares_by_outcome_with_their_intervals(program):
    figures = survey_figures(program)
    assert figures["responses"] == 8
    assert figures["responses_by_outcome"] == {"lost": 5, "won": 3}
    price = _by_theme(figures["main_reason"], "pricing_commercial")["by_outcome"]
    assert (price["lost"]["k"], price["lost"]["n"], price["lost"]["share"]) == (3, 5, 0.6)
    assert (price["won"]["k"], price["won"]["n"]) == (1, 3)
    assert (price["lost"]["low"], price["lost"]["high"]) == pytest.approx(wilson_interval(3, 5))
    other = _by_theme(figures["main_reason"], None)["by_outcome"]
    assert other["lost"]["k"] == 1 and other["won"]["k"] == 0


def test_factor_means_gap_and_reconsideration_are_the_planted_ones(program):
    figures = survey_figures(program)
    price = _by_theme(figures["factors"], "pricing_commercial")["by_outcome"]["lost"]
    importance = [5, 4, 5, 3, 4]
    assert price["importance"]["n"] == 5
    assert price["importance"]["mean"] == pytest.approx(statistics.mean(importance))
    half = stats.t.ppf(0.975, 4) * statistics.stdev(importance) / math.sqrt(5)
    assert price["importance"]["low"] == pytest.approx(statistics.mean(importance) - half)
    # Ours minus the chosen vendor's, over the buyers who rated both: 2-4, 2-5, 3-4, 3-3.
    assert price["gap"]["n"] == 4 and price["gap"]["mean"] == pytest.approx(-1.5)
    assert price["performance"]["n"] == 4 and price["chosen_performance"]["n"] == 4
    fit_won = _by_theme(figures["factors"], "product_fit")["by_outcome"]["won"]
    assert fit_won["performance"]["mean"] == pytest.approx(14 / 3)
    assert fit_won["gap"]["n"] == 0 and fit_won["gap"]["mean"] is None
    assert figures["reconsider"]["lost"]["mean"] == pytest.approx(4.0)
    assert figures["reconsider"]["won"]["n"] == 3
    assert figures["reconsider"]["won"]["mean"] == pytest.approx(9.0)


def test_the_figures_take_the_same_few_queries_however_many_answers(
    program, django_assert_max_num_queries
):
    # Counts, main reasons, factors, coded answers, theme names (and the drivers when coded).
    with django_assert_max_num_queries(6):
        survey_figures(program)


def test_analyze_json_carries_the_survey_beside_the_interviews(program):
    out = io.StringIO()
    call_command(
        "analyze", str(program.pk), "--workspace", program.workspace.slug, "--json", stdout=out
    )
    figures = json.loads(out.getvalue())
    assert figures["interviews"] == 0  # the survey never counts as an interview
    survey = figures["survey"]
    assert survey["responses"] == 8 and survey["base"] == "completed survey responses"
    assert _by_theme(survey["main_reason"], "product_fit")["by_outcome"]["won"]["k"] == 2


def test_one_rating_gives_a_mean_without_an_interval():
    assert mean_interval(1, 4, 16).as_dict() == {
        "n": 1, "mean": 4.0, "low": None, "high": None, "interval": None
    }  # fmt: skip
    assert mean_interval(0, 0, 0).mean is None


def test_the_analyse_page_shows_the_survey_apart_from_the_interviews(program, people, client_for):
    import lxml.html
    from django.urls import reverse

    client = client_for(people["analyst"])
    url = reverse(
        "analysis:analyse", kwargs={"ws": program.workspace.slug, "program_id": program.pk}
    )
    page = lxml.html.fromstring(client.get(url).content)
    heading = page.get_element_by_id("survey")
    text = " ".join(" ".join(heading.getparent().itertext()).split())
    assert "8 completed survey responses (5 lost, 3 won)" in text
    assert "the interview figures above do not count them" in text
    factors = page.find_class("survey-factors")[0]
    row = next(
        r for r in factors.iter("tr") if "Pricing and commercial terms" in r.text_content()
        and "Lost" in r.text_content()
    )  # fmt: skip
    cells = [" ".join(c.text_content().split()) for c in row]
    assert cells[2].startswith("4.2 (") and cells[2].endswith("n=5)")
    assert cells[5].startswith("−1.5 (") and cells[5].endswith("n=4)")


def test_a_main_reason_under_the_programs_minimum_is_too_few_to_tell(program):
    type(program).objects.filter(pk=program.pk).update(min_per_outcome=4)
    program.refresh_from_db()
    price = _by_theme(survey_figures(program)["main_reason"], "pricing_commercial")["by_outcome"]
    assert not price["lost"]["too_few"]  # 5 lost buyers answered
    assert price["won"]["too_few"] and price["won"]["n"] == 3
