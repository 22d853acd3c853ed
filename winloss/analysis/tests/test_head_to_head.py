"""Head-to-head: every competitor met on the deal counts, the CRM's deals and the interviews
are two separate figures, and under the minimum a win rate is too few to tell."""

from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.testing import make_competitor, make_program
from winloss.testing.planting import FIT, PRICE, lost, plant, won


def _by_name(program) -> dict[str, dict]:
    return {h["competitor"]: h for h in analysis(Scope(program))["competitors"]}


def test_every_competitor_met_on_the_deal_counts_not_only_the_primary(workspace):
    vector = make_competitor(workspace, name="Vector")
    orbit = make_competitor(workspace, name="Orbit")
    program = make_program(workspace)
    # Won deals recorded Vector among their competitors but no primary one.
    plant(program, [won(met=[vector], codes=[FIT]) for _ in range(6)])
    plant(program, [lost(rival=orbit, met=[vector], codes=[PRICE]) for _ in range(4)])
    found = _by_name(program)
    vs = found["Vector"]
    assert (vs["crm"]["won"], vs["crm"]["lost"]) == (6, 4)
    assert vs["crm"]["win_rate"]["share"] == 0.6 and not vs["crm"]["win_rate"]["too_few"]
    assert vs["crm"]["win_rate"]["base"] == "closed deals in the CRM that met Vector"
    assert (vs["interviews"]["n"], vs["interviews"]["won"], vs["interviews"]["lost"]) == (10, 6, 4)
    (fit,) = vs["interviews"]["win_themes"]
    assert (fit["k"], fit["n"]) == (6, 6)
    (price,) = vs["interviews"]["loss_themes"]
    assert (price["k"], price["n"], price["too_few"]) == (4, 4, True)  # under 5: held back
    assert (found["Orbit"]["crm"]["won"], found["Orbit"]["crm"]["lost"]) == (0, 4)
    assert found["Orbit"]["crm"]["win_rate"]["too_few"]


def test_the_page_labels_crm_and_interview_figures_apart(workspace, people, client_for):
    vector = make_competitor(workspace, name="Vector")
    program = make_program(workspace)
    plant(program, [won(met=[vector]), lost(rival=vector, codes=[PRICE])])
    page = client_for(people["analyst"]).get(f"/w/{workspace.slug}/programs/{program.pk}/analyse/")
    html = page.content.decode()
    assert "From the CRM: closed deals that met it" in html
    assert "From the interviews: deal met it or buyer named it" in html
    assert "Too few to tell</span> <small>2 deals</small>" in html
