"""A deal heard from several people: deal figures count it once, the respondent-role cut
counts interviews, and every figure says which."""

import re

import pytest

from winloss.analysis.charts import cuts_chart
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.testing import make_program
from winloss.testing.planting import lost, plant

PRICE = ("pricing_commercial", "loss_driver")
FIT = ("product_fit", "loss_driver")


@pytest.fixture
def program(workspace):
    return make_program(workspace, name="Voices wave")


def _driver(figures, theme, direction):
    return next(
        d for d in figures["drivers"] if d["theme"] == theme and d["direction"] == direction
    )


def _cell(figures, cut, value, code):
    return next(
        c
        for c in figures["cuts"][cut]["cells"]
        if c["value"] == value and (c["theme"], c["direction"]) == code
    )


def test_a_deal_whose_two_interviews_cite_the_same_theme_counts_once(program):
    plant(
        program,
        [lost(codes=[PRICE], voices=[{"role": "procurement", "codes": [PRICE]}])]
        + [lost() for _ in range(3)],
    )
    figures = analysis(Scope(program))
    assert (figures["deals"], figures["interviews"]) == (4, 5)
    assert figures["base"] == "deals"
    assert figures["deals_by_outcome"] == {"lost": 4}
    price = _driver(figures, *PRICE)
    assert (price["k"], price["n"]) == (1, 4)
    assert (price["by_outcome"]["lost"]["k"], price["by_outcome"]["lost"]["n"]) == (1, 4)


def test_a_theme_counts_for_a_deal_when_any_of_its_interviews_cites_it(program):
    plant(
        program,
        [lost(voices=[{"role": "evaluator", "codes": [FIT]}]), lost(codes=[PRICE]), lost()],
    )
    figures = analysis(Scope(program))
    fit = _driver(figures, *FIT)
    assert (fit["k"], fit["n"]) == (1, 3)


def test_the_role_cut_shows_procurement_citing_price_and_the_economic_buyer_fit(program):
    plant(
        program,
        [
            lost(
                role="executive_sponsor",
                codes=[FIT],
                region="East" if i % 2 else "West",
                voices=[{"role": "procurement", "codes": [PRICE]}],
            )
            for i in range(10)
        ],
    )
    figures = analysis(Scope(program))
    roles = figures["cuts"]["respondent_role"]
    assert (roles["label"], roles["base"]) == ("Respondent role", "interviews")
    price = _cell(figures, "respondent_role", "Procurement", PRICE)
    assert (price["cell"]["k"], price["cell"]["n"]) == (10, 10)
    assert (price["rest"]["k"], price["rest"]["n"]) == (0, 10)
    assert price["flagged"]
    fit = _cell(figures, "respondent_role", "Executive sponsor", FIT)
    assert (fit["cell"]["k"], fit["cell"]["n"], fit["rest"]["k"]) == (10, 10, 0)
    assert fit["flagged"]
    assert _cell(figures, "respondent_role", "Procurement", FIT)["cell"]["k"] == 0
    # The deal's own cuts count deals: ten deals, five per region, each citing both.
    region = figures["cuts"]["region"]
    assert region["base"] == "deals"
    east = _cell(figures, "region", "East", PRICE)
    assert (east["cell"]["k"], east["cell"]["n"], east["rest"]["n"]) == (5, 5, 5)
    # Both themes are in every deal, so neither differs at deal level.
    assert (_driver(figures, *PRICE)["k"], _driver(figures, *PRICE)["n"]) == (10, 10)


def test_the_role_cut_chart_says_it_counts_interviews(program):
    program.min_per_outcome = 1  # so that two deals are enough to chart
    program.save()
    plant(
        program,
        [
            lost(region="East", role="procurement", codes=[PRICE], voices=[{"role": "user"}]),
            lost(region="West", role="user"),
        ],
    )
    svg = cuts_chart(analysis(Scope(program)), "respondent_role").decode()
    assert "share of the group's won interviews (win) or of its others (loss)" in svg
    region = cuts_chart(analysis(Scope(program)), "region").decode()
    assert "share of the group's won deals (win) or of its others (loss)" in region


def test_the_analyse_page_says_what_each_figure_counts(program, client_for, people):
    plant(
        program,
        [lost(role="procurement", codes=[PRICE], voices=[{"role": "evaluator", "codes": [PRICE]}])]
        + [lost() for _ in range(2)],
    )
    page = (
        client_for(people["analyst"])
        .get(f"/w/acme/programs/{program.pk}/analyse/")
        .content.decode()
    )
    assert "3 deals heard in 4 validated interviews" in page
    assert "1 of 3" in page  # pricing: one deal of three, though two interviews cite it
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "By respondent role (counts interviews)" in text
    assert "By region (counts deals)" in text


def test_the_competitor_matrix_counts_a_deal_heard_twice_once(program):
    from winloss.testing import make_competitor

    vector = make_competitor(program.workspace, name="Vector")
    plant(
        program,
        [
            lost(rival=vector, codes=[PRICE], voices=[{"role": "procurement", "codes": [PRICE]}]),
            lost(rival=vector, codes=[PRICE]),
        ],
    )
    by_name = {h["competitor"]: h for h in analysis(Scope(program))["competitors"]}
    heard = by_name["Vector"]["interviews"]
    (price,) = heard["loss_themes"]
    assert (price["theme"], price["k"], price["n"]) == ("Pricing and commercial terms", 2, 2)
    assert (
        price["base"]
        == "deals not won where Vector was met on the deal in the CRM or named by the buyer"
    )
    assert (heard["n"], heard["won"], heard["lost"]) == (2, 0, 2)  # deals, not 3 interviews
    crm = by_name["Vector"]["crm"]
    assert (crm["won"], crm["lost"]) == (0, 2)
