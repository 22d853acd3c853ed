"""The issue's planted checks: exact shares and intervals, small cells never findings, the
perception gap, and the drill-down listing exactly the excerpts behind a figure."""

import io
import json

import pytest
from django.core.management import call_command

from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.lib.stats import wilson_interval
from winloss.testing import make_program
from winloss.testing.planting import lost, plant, won

PRICE = ("pricing_commercial", "loss_driver")
FIT = ("product_fit", "win_driver")
RISK = ("implementation_risk", "loss_driver")


@pytest.fixture
def program(workspace):
    program = make_program(workspace, name="Planted wave")
    # Pricing in 30 of 60 lost interviews; product fit in 20 of 40 won ones.
    plant(program, [lost(codes=[PRICE]) for _ in range(30)] + [lost() for _ in range(30)])
    plant(program, [won(codes=[FIT]) for _ in range(20)] + [won() for _ in range(20)])
    return program


def _driver(figures, theme, direction):
    return next(
        d for d in figures["drivers"] if d["theme"] == theme and d["direction"] == direction
    )


def test_drivers_show_exactly_the_planted_shares_and_intervals(program):
    figures = analysis(Scope(program))
    assert figures["interviews"] == 100
    price = _driver(figures, *PRICE)
    assert (price["k"], price["n"]) == (30, 100)
    assert price["by_outcome"]["lost"]["k"] == 30 and price["by_outcome"]["lost"]["n"] == 60
    assert price["by_outcome"]["lost"]["share"] == 0.5
    low, high = wilson_interval(30, 60)
    assert price["by_outcome"]["lost"]["low"] == pytest.approx(low)
    assert price["by_outcome"]["lost"]["high"] == pytest.approx(high)
    fit = _driver(figures, *FIT)
    assert (fit["by_outcome"]["won"]["k"], fit["by_outcome"]["won"]["n"]) == (20, 40)


def test_the_cli_and_the_api_give_the_same_figures_as_the_page(program, client_for, people):
    out = io.StringIO()
    call_command("analyze", program.name, workspace=program.workspace.slug, json=True, stdout=out)
    from_cli = json.loads(out.getvalue())
    from winloss.accounts.tokens import create_token

    _, raw = create_token(user=people["analyst"], workspace=program.workspace, name="t")
    from_api = (
        client_for(people["analyst"])
        .get(f"/api/v1/programs/{program.pk}/analysis", HTTP_AUTHORIZATION=f"Bearer {raw}")
        .json()
    )
    page = (
        client_for(people["analyst"])
        .get(f"/w/{program.workspace.slug}/programs/{program.pk}/analyse/")
        .content.decode()
    )
    for figures in (from_cli, from_api):
        assert _driver(figures, *PRICE)["by_outcome"]["lost"]["k"] == 30
        assert _driver(figures, *FIT)["by_outcome"]["won"]["share"] == 0.5
    assert "30 of 60" in page and "20 of 40" in page


def test_a_cell_of_three_interviews_is_too_small_to_conclude(workspace):
    program = make_program(workspace)
    plant(program, [lost(region="North", codes=[PRICE]) for _ in range(3)])
    plant(program, [lost(region="South") for _ in range(40)])
    cells = analysis(Scope(program))["cuts"]["region"]["cells"]
    north = next(c for c in cells if c["value"] == "North")
    assert north["too_small"] and not north["flagged"] and north["p_value"] is None


def test_a_real_deviation_in_a_large_cell_is_flagged(workspace):
    program = make_program(workspace)
    plant(program, [lost(region="North", codes=[PRICE]) for _ in range(25)])
    plant(program, [lost(region="South", codes=[PRICE]) for _ in range(3)])
    plant(program, [lost(region="South") for _ in range(27)])
    cells = analysis(Scope(program))["cuts"]["region"]["cells"]
    north = next(c for c in cells if c["value"] == "North" and c["theme"] == PRICE[0])
    assert north["flagged"] and north["adjusted_p"] < 0.05


def test_the_perception_gap_on_a_planted_set(workspace):
    program = make_program(workspace)
    # 20 losses: reps say price for 14 (70%); buyers say price for 5 (25%).
    rows = []
    for i in range(20):
        rep = "pricing_commercial" if i < 14 else "implementation_risk"
        buyer = PRICE if i < 5 else RISK
        rows.append(lost(codes=[buyer], rep_reason=rep))
    plant(program, rows)
    gap = analysis(Scope(program))["perception_gap"]
    # Agreements: price–price for 5, risk–risk for the 6 where reps said risk.
    assert (gap["agreement"]["k"], gap["agreement"]["n"]) == (11, 20)
    assert gap["confusion"]["pricing_commercial"] == {
        "pricing_commercial": 5,
        "implementation_risk": 9,
    }
    assert gap["confusion"]["implementation_risk"] == {"implementation_risk": 6}
    assert gap["mismatches"][0]["text"] == (
        "reps say Pricing and commercial terms; buyers say Implementation risk"
    )


def test_unvalidated_interviews_are_left_out_and_listed(workspace):
    program = make_program(workspace)
    plant(program, [lost(codes=[PRICE]) for _ in range(4)])
    plant(program, [lost(codes=[PRICE], validated=False) for _ in range(2)])
    figures = analysis(Scope(program))
    assert figures["interviews"] == 4 and _driver(figures, *PRICE)["k"] == 4
    assert [e["why"] for e in figures["excluded"]] == ["waiting for review"] * 2


def test_a_drivers_figure_opens_exactly_the_excerpts_behind_it(program, client_for, people):
    url = f"/w/{program.workspace.slug}/programs/{program.pk}/analyse/excerpts/"
    page = client_for(people["analyst"]).get(
        url, {"theme": PRICE[0], "direction": PRICE[1], "outcome": "lost"}
    )
    assert page.context["page"].paginator.count == 30


def test_cuts_include_deal_size_bands_with_readable_labels(program):
    cells = analysis(Scope(program))["cuts"]["band"]["cells"]
    assert cells and all("," in c["value"] or c["value"] == "No amount" for c in cells)
