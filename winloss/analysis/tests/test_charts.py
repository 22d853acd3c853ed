"""The Analyse page's charts: plain figures in, SVG out, served from our own origin."""

import pytest

from winloss.analysis import charts
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.testing import make_competitor, make_program
from winloss.testing.planting import lost, plant, won

PRICE = ("pricing_commercial", "loss_driver")


@pytest.fixture
def program(workspace):
    earlier = make_program(workspace, name="2024")
    program = make_program(workspace, name="2025", previous_wave=earlier)
    rival = make_competitor(workspace, name="Vector")
    plant(earlier, [lost(codes=[PRICE]) for _ in range(6)] + [won() for _ in range(6)])
    plant(program, [lost(region="North", rival=rival, codes=[PRICE]) for _ in range(8)])
    plant(program, [won(region="South", codes=[("product_fit", "win_driver")]) for _ in range(6)])
    # Each region holds both outcomes, so each driver compares like with like in both.
    plant(program, [lost(region="South", rival=rival) for _ in range(6)])
    plant(program, [won(region="North") for _ in range(6)])
    return program


def test_every_chart_draws_from_the_figures_as_svg(program):
    figures = analysis(Scope(program))
    drawn = {
        "drivers": charts.drivers_chart(figures),
        "cuts": charts.cuts_chart(figures, "region"),
        "trends": charts.trends_chart(figures),
        "competitors": charts.competitor_chart(figures),
    }
    for name, svg in drawn.items():
        assert svg.startswith(b"<?xml") and b"<svg" in svg, name
        assert b"No data yet" not in svg, name
    assert b"North (14)" in drawn["cuts"] and b"Vector" in drawn["competitors"]
    assert b"2024" in drawn["trends"] and b"2025" in drawn["trends"]
    # The same figures give the same bytes: exported reports are reproducible.
    assert charts.trends_chart(figures) == drawn["trends"]
    assert charts.competitor_chart(figures, fmt="png").startswith(b"\x89PNG")


def test_charts_without_data_say_so(workspace):
    figures = analysis(Scope(make_program(workspace)))
    for svg in (
        charts.drivers_chart(figures),
        charts.cuts_chart(figures, "region"),
        charts.trends_chart(figures),
        charts.competitor_chart(figures),
    ):
        assert b"No data yet" in svg


def test_the_page_shows_every_chart_from_its_own_route(program, client_for, people):
    client = client_for(people["analyst"])
    base = f"/w/{program.workspace.slug}/programs/{program.pk}/analyse/"
    page = client.get(base, {"outcome": "lost"}).content.decode()
    for path in ("drivers.svg", "cuts/region.svg", "trends.svg", "competitors.svg"):
        assert f"{base}{path}?outcome=lost" in page
        response = client.get(f"{base}{path}", {"outcome": "lost"})
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert client.get(f"{base}cuts/nonsense.svg").status_code == 404


def test_the_trends_chart_leaves_out_waves_without_interviews():
    def wave(name, k, n):
        share = k / n if n else None
        return {"wave": name, "k": k, "n": n, "share": share, "low": 0.0, "high": 1.0}

    trend = {"theme": "product_fit", "name": "Product fit", "direction": "loss_driver"}
    figures = {"trends": [{**trend, "waves": [wave("Q1 never run", 0, 0), wave("Q2", 3, 10)]}]}
    assert b"No data yet" in charts.trends_chart(figures)
    figures["trends"][0]["waves"].append(wave("Q3", 5, 10))
    drawn = charts.trends_chart(figures)
    assert b"Q2" in drawn and b"Q3" in drawn and b"Q1 never run" not in drawn


def test_the_trends_chart_leaves_out_a_wave_under_the_minimum():
    def wave(name, k, n):
        return {"wave": name, "k": k, "n": n, "share": k / n, "low": 0.0, "high": 1.0}

    trend = {"theme": "product_fit", "name": "Product fit", "direction": "loss_driver"}
    waves = [wave("Q1 thin", 1, 2), wave("Q2", 3, 10), wave("Q3", 5, 10)]
    drawn = charts.trends_chart({"minimum": 5, "trends": [{**trend, "waves": waves}]})
    assert b"Q2" in drawn and b"Q3" in drawn and b"Q1 thin" not in drawn
