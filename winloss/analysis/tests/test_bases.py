"""Every share is taken over the base it can be compared on, and says which: the issue's
planted North/South and Healthcare cases, whose true answers are known."""

import io
import json

from django.core.management import call_command

from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.testing import make_program
from winloss.testing.planting import (
    FIT,
    PRICE,
    RISK,
    lost,
    plant,
    plant_healthcare,
    plant_north_south,
)


def _cells(figures, cut, theme):
    return {c["value"]: c for c in figures["cuts"][cut]["cells"] if c["theme"] == theme}


def test_an_outcome_mix_alone_is_not_a_segment_difference(workspace):
    program = make_program(workspace)
    plant_north_south(program)
    figures = analysis(Scope(program))
    for theme, base in ((PRICE[0], "deals not won"), (FIT[0], "won deals")):
        north, south = _cells(figures, "region", theme).values()
        assert north["base"] == south["base"] == base
        assert north["cell"]["share"] == south["cell"]["share"] == 0.5
        assert not north["flagged"] and not south["flagged"]
        assert north["p_value"] == 1.0
    north = _cells(figures, "region", PRICE[0])["North"]
    assert (north["cell"]["k"], north["cell"]["n"]) == (20, 40)
    assert (north["rest"]["k"], north["rest"]["n"]) == (5, 10)
    assert north["cell"]["base"] == "deals not won, North"


def test_a_real_segment_difference_stays_flagged(workspace):
    program = make_program(workspace)
    plant_healthcare(program)
    cells = _cells(analysis(Scope(program)), "industry", RISK[0])
    health = cells["Healthcare"]
    assert (health["cell"]["k"], health["cell"]["n"]) == (16, 20)
    assert (health["rest"]["k"], health["rest"]["n"]) == (4, 30)
    assert health["flagged"] and health["adjusted_p"] < 0.001


def test_a_driver_carries_its_share_among_the_interviews_it_can_explain(workspace):
    program = make_program(workspace)
    plant_north_south(program)
    out = io.StringIO()
    call_command("analyze", program.name, workspace=workspace.slug, json=True, stdout=out)
    figures = json.loads(out.getvalue())
    price = next(d for d in figures["drivers"] if d["theme"] == PRICE[0])
    assert (price["k"], price["n"], price["base"]) == (25, 100, "deals analysed")
    assert price["among"] == {**price["among"], "k": 25, "n": 50, "share": 0.5}
    assert price["among"]["base"] == "deals not won"
    assert price["by_outcome"]["won"]["base"] == "won deals"
    assert figures["minimum"] == 5
    out = io.StringIO()
    call_command("analyze", program.name, workspace=workspace.slug, stdout=out)
    assert "25 of 50 deals not won (50%" in out.getvalue()


def test_a_cell_under_the_programs_minimum_is_never_tested(workspace):
    program = make_program(workspace, min_per_outcome=8)
    plant(program, [lost(region="North", codes=[PRICE]) for _ in range(7)])
    plant(program, [lost(region="South") for _ in range(40)])
    north = _cells(analysis(Scope(program)), "region", PRICE[0])["North"]
    assert north["too_small"] and north["cell"]["too_few"] and north["p_value"] is None
    assert not north["flagged"]


def _shares(value, path="$"):
    """Every share in a figures document, with where it is: a dict with k, n and share."""
    if isinstance(value, dict):
        if "share" in value and "k" in value:
            yield path, value
        for key, inner in value.items():
            yield from _shares(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _shares(inner, f"{path}[{i}]")


def test_the_api_gives_every_share_its_k_n_and_base(workspace, people, client_for):
    from winloss.accounts.tokens import create_token
    from winloss.testing import make_competitor

    earlier = make_program(workspace, name="Earlier wave")
    plant(earlier, [lost(codes=[PRICE]) for _ in range(6)])
    program = make_program(workspace, previous_wave=earlier)
    plant_north_south(program)
    plant(program, [lost(rival=make_competitor(workspace, name="Vector"), codes=[PRICE])])
    _, raw = create_token(user=people["analyst"], workspace=workspace, name="t")
    figures = (
        client_for(people["analyst"])
        .get(f"/api/v1/programs/{program.pk}/analysis", HTTP_AUTHORIZATION=f"Bearer {raw}")
        .json()
    )
    found = list(_shares(figures))
    places = {path.split("[")[0].split(".")[1] for path, _ in found}
    assert {"drivers", "cuts", "competitors", "trends", "perception_gap"} <= places
    for path, share in found:
        assert isinstance(share["k"], int) and isinstance(share["n"], int), path
        assert share["base"] and "too_few" in share, path
    assert "response" in figures


def test_deal_figures_say_deals_and_voice_cuts_say_interviews(workspace):
    """Two deals not won, one heard from two people: the drivers and the deal cuts count the
    two deals, the respondent-role cut the three interviews, and each base says which."""
    program = make_program(workspace, min_per_outcome=1)
    plant(
        program,
        [
            lost(role="procurement", codes=[PRICE], voices=[{"role": "user", "codes": [PRICE]}]),
            lost(role="user"),
        ],
    )
    figures = analysis(Scope(program))
    price = next(d for d in figures["drivers"] if d["theme"] == PRICE[0])
    assert (price["k"], price["n"], price["base"]) == (1, 2, "deals analysed")
    assert (price["among"]["k"], price["among"]["n"]) == (1, 2)
    assert price["among"]["base"] == "deals not won"
    assert price["by_outcome"]["lost"]["base"] == "lost to competitor deals"
    east = _cells(figures, "region", PRICE[0])["East"]
    assert (east["base"], east["cell"]["base"]) == ("deals not won", "deals not won, East")
    user = _cells(figures, "respondent_role", PRICE[0])["User"]
    assert user["base"] == "interviews of deals not won"
    assert (user["cell"]["k"], user["cell"]["n"]) == (1, 2)
    assert user["cell"]["base"] == "interviews of deals not won, User"
    assert user["rest"]["base"] == "interviews of deals not won, the rest"
