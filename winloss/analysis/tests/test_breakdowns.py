"""Sub-theme roll-up, the filter fields, the wave comparison, the competitor matrix and the
query count of the analysis."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.coding.codebook.services import add_theme
from winloss.coding.queries import codebook_for
from winloss.testing import make_competitor, make_program, publish_codebook_draft
from winloss.testing.planting import lost, plant, won

PRICE = ("pricing_commercial", "loss_driver")
RISK = ("implementation_risk", "loss_driver")


def _driver(figures, theme, direction):
    return next(
        d for d in figures["drivers"] if d["theme"] == theme and d["direction"] == direction
    )


def test_a_parent_theme_counts_interviews_citing_it_or_a_sub_theme_once(workspace, people):
    parent = next(t for t in codebook_for(workspace) if t.slug == PRICE[0])
    for slug in ("list_price", "discounting"):
        add_theme(workspace=workspace, user=people["admin"], slug=slug,
                  name=slug.replace("_", " ").title(), parent=parent)  # fmt: skip
    publish_codebook_draft(workspace)
    program = make_program(workspace)
    plant(program, [lost(codes=[PRICE]) for _ in range(2)])
    plant(program, [lost(codes=[("list_price", "loss_driver")]) for _ in range(3)])
    # Both sub-themes in one interview: the parent counts it once.
    plant(program, [lost(codes=[("list_price", "loss_driver"), ("discounting", "loss_driver")])])
    plant(program, [lost() for _ in range(4)])
    figures = analysis(Scope(program))
    price = _driver(figures, *PRICE)
    assert (price["k"], price["n"]) == (6, 10)
    assert price["sub_themes"] == ["List Price", "Discounting"]
    assert _driver(figures, "list_price", "loss_driver")["k"] == 4
    assert _driver(figures, "list_price", "loss_driver")["parent"] == PRICE[0]
    page = analysis(Scope(program), only={"drivers"})
    assert _driver(page, *PRICE)["k"] == 6


def test_the_parent_drill_down_lists_its_sub_themes_excerpts(workspace, people, client_for):
    parent = next(t for t in codebook_for(workspace) if t.slug == PRICE[0])
    add_theme(workspace=workspace, user=people["admin"], slug="list_price", name="List price",
              parent=parent)  # fmt: skip
    publish_codebook_draft(workspace)
    program = make_program(workspace)
    plant(program, [lost(codes=[PRICE]), lost(codes=[("list_price", "loss_driver")])])
    url = f"/w/{workspace.slug}/programs/{program.pk}/analyse/excerpts/"
    page = client_for(people["analyst"]).get(url, {"theme": PRICE[0], "direction": PRICE[1]})
    assert page.context["page"].paginator.count == 2


def test_industry_and_tier_filters_narrow_the_interviews_and_stay_in_the_url(
    workspace, people, client_for
):
    program = make_program(workspace)
    plant(program, [lost(industry="Retail", tier="Enterprise", codes=[PRICE]) for _ in range(3)])
    plant(program, [lost(industry="Retail", tier="SMB") for _ in range(2)])
    plant(program, [lost(industry="Banking", tier="Enterprise") for _ in range(4)])
    assert analysis(Scope(program, {"industry": "Retail"}))["interviews"] == 5
    both = analysis(Scope(program, {"industry": "Retail", "tier": "Enterprise"}))
    assert both["interviews"] == 3 and _driver(both, *PRICE)["share"] == 1
    client = client_for(people["analyst"])
    url = f"/w/{workspace.slug}/programs/{program.pk}/analyse/"
    page = client.get(url, {"industry": "Retail", "tier": "SMB"}).content.decode()
    assert 'name="industry" value="Retail"' in page and 'name="tier" value="SMB"' in page
    assert '<option value="Banking">' in page  # suggested from all the program's interviews
    partial = client.get(url, {"tier": "Enterprise"}, HTTP_HX_REQUEST="true")
    assert partial.context["figures"]["interviews"] == 7
    # The charts and drill-down links keep the filters.
    assert "drivers.svg?tier=Enterprise" in partial.content.decode()


def test_this_wave_is_compared_with_the_earlier_waves_pooled(workspace):
    first = make_program(workspace, name="2023")
    second = make_program(workspace, name="2024", previous_wave=first)
    third = make_program(workspace, name="2025", previous_wave=second)
    for wave in (first, second):  # pricing in 5 of 30 interviews before
        plant(wave, [lost(codes=[PRICE]) for _ in range(5)] + [lost() for _ in range(25)])
    plant(third, [lost(codes=[PRICE]) for _ in range(20)] + [lost() for _ in range(10)])
    figures = analysis(Scope(third))
    assert figures["waves"] == ["2023", "2024", "2025"]
    price = next(t for t in figures["trends"] if t["theme"] == PRICE[0])
    assert [w["k"] for w in price["waves"]] == [5, 5, 20]
    assert (price["earlier"]["k"], price["earlier"]["n"]) == (10, 60)
    assert price["differs_from_earlier"] and price["adjusted_p_vs_earlier"] < 0.05
    # The current wave's own figures are only its interviews.
    assert figures["interviews"] == 30 and _driver(figures, *PRICE)["k"] == 20


def test_the_competitor_matrix_credits_named_and_deal_rivals_once(workspace):
    program = make_program(workspace)
    vector = make_competitor(workspace, name="Vector")
    orbit = make_competitor(workspace, name="Orbit")
    plant(program, [
        lost(rival=vector, codes=[PRICE]),  # the deal's rival
        lost(rival=vector, codes=[(*PRICE, vector), PRICE]),  # named and not: one interview
        lost(rival=vector, codes=[(*RISK, orbit)]),  # named another: Orbit, not Vector
    ])  # fmt: skip
    by_name = {h["competitor"]: h["interviews"] for h in analysis(Scope(program))["competitors"]}

    def themes(found):
        return {t["theme"]: (t["k"], t["n"]) for t in found["loss_themes"]}

    assert themes(by_name["Vector"]) == {"Pricing and commercial terms": (2, 3)}
    # Orbit was named in one interview: its base is that one interview.
    assert themes(by_name["Orbit"]) == {"Implementation risk": (1, 1)}


@pytest.mark.parametrize("size", [10, 60])
def test_the_query_count_does_not_grow_with_the_data(workspace, size):
    program = make_program(workspace)
    rival = make_competitor(workspace, name="Vector")
    plant(program, [lost(rival=rival, codes=[PRICE, (*RISK, rival)]) for _ in range(size)])
    plant(program, [won(region=f"R{i % 7}", codes=[("product_fit", "win_driver")])
                    for i in range(size)])  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        analysis(Scope(program))
    # Two of them the codebook versions the excerpts span, one the survey's (none answered),
    # one the win rate's over the CRM (per wave: this program has one), one the workspace's
    # figures token (kept figures are looked up under it).
    assert len(captured) <= 19
