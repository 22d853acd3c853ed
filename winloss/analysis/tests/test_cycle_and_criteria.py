"""Sales cycle and expected-against-actual criteria on planted data with known answers."""

from winloss.analysis.cycle import median_interval
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.analysis.services import set_expected_criteria
from winloss.analysis.tests.planting import lost, plant, won
from winloss.coding.models import Theme
from winloss.coding.queries import codebook_for
from winloss.testing import make_program

PRICE = ("pricing_commercial", "loss_driver")
RISK = ("implementation_risk", "loss_driver")
FIT = ("product_fit", "win_driver")


def _row(figures, theme):
    return next(d for d in figures["cycle"]["drivers"] if d["theme"] == theme)


def test_cycle_medians_by_outcome_are_the_planted_ones(workspace):
    program = make_program(workspace)
    plant(program, [won(cycle=days) for days in (30, 40, 50, 60, 70, 80)])
    plant(program, [lost(cycle=days) for days in (80, 90, 100, 110, 120, 130)] + [lost()])
    cycle = analysis(Scope(program))["cycle"]
    assert cycle["by_outcome"]["won"]["median"] == 55
    assert cycle["by_outcome"]["lost"]["median"] == 105
    assert cycle["by_outcome"]["lost"]["n"] == 6 and cycle["missing"] == 1
    # Six values: the lowest and highest are a 97% interval for the median (1 - 2/64).
    assert (cycle["by_outcome"]["won"]["low"], cycle["by_outcome"]["won"]["high"]) == (30, 80)


def test_a_loss_driver_on_long_deals_is_flagged_within_lost_interviews(workspace):
    program = make_program(workspace)
    # Implementation risk: every lost deal citing it ran 200+ days, the other lost deals 60.
    plant(program, [lost(codes=[RISK], cycle=200 + i) for i in range(12)])
    plant(program, [lost(cycle=60 + i) for i in range(12)])
    plant(program, [won(codes=[FIT], cycle=30 + i) for i in range(12)])
    risk = _row(analysis(Scope(program)), "implementation_risk")
    assert risk["base"] == "deals not won"
    assert (risk["citing"]["n"], risk["others"]["n"]) == (12, 12)
    assert risk["longer"] and risk["adjusted"] < 0.05


def test_a_driver_is_not_long_only_because_lost_deals_run_longer(workspace):
    program = make_program(workspace)
    # Pricing in half the lost deals; every lost deal runs 150 days, every won one 40. Pooled
    # with the wins, pricing's deals would look slow; within the lost ones they are not.
    plant(program, [lost(codes=[PRICE], cycle=150 + i % 3) for i in range(12)])
    plant(program, [lost(cycle=150 + i % 3) for i in range(12)])
    plant(program, [won(codes=[FIT], cycle=40) for _ in range(24)])
    price = _row(analysis(Scope(program)), "pricing_commercial")
    assert not price["longer"]


def test_too_few_interviews_are_never_tested(workspace):
    program = make_program(workspace)
    plant(program, [lost(codes=[RISK], cycle=300) for _ in range(3)])
    plant(program, [lost(cycle=30) for _ in range(20)])
    risk = _row(analysis(Scope(program)), "implementation_risk")
    assert risk["citing"]["too_few"] and risk["adjusted"] is None and not risk["longer"]


def test_the_median_interval_comes_from_the_order_statistics():
    assert median_interval(list(range(1, 11))) == (2, 9)  # ranks 2 and 9 of 10
    # Five values cannot give 95%: even the lowest and highest cover only 94%.
    assert median_interval([1, 2, 3, 4, 5]) == (None, None)


def test_expected_criteria_sit_beside_what_buyers_raised(workspace, people):
    program = make_program(workspace)
    # Pricing raised in 12 of 20 interviews, implementation risk in 8, product fit in 2.
    plant(program, [lost(codes=[PRICE, RISK]) for _ in range(8)])
    plant(program, [lost(codes=[PRICE]) for _ in range(4)])
    plant(program, [won(codes=[FIT]) for _ in range(2)] + [won() for _ in range(6)])
    fit = Theme.objects.get(workspace=workspace, slug="product_fit")
    set_expected_criteria(program=program, themes=[fit], user=people["owner"])
    criteria = analysis(Scope(program))["criteria"]
    [expected] = criteria["expected"]
    assert (expected["theme"], expected["k"], expected["n"], expected["rank"]) == (
        "product_fit",
        2,
        20,
        3,
    )
    assert [s["theme"] for s in criteria["surprises"]] == [
        "pricing_commercial",
        "implementation_risk",
    ]


def test_setting_expected_criteria_replaces_the_list_and_is_logged(workspace, people):
    program = make_program(workspace)
    themes = {t.slug: t for t in codebook_for(workspace)}
    set_expected_criteria(program=program, themes=[themes["product_fit"]], user=people["owner"])
    set_expected_criteria(
        program=program, themes=[themes["pricing_commercial"]], user=people["owner"]
    )
    assert list(program.expected_criteria.values_list("theme__slug", flat=True)) == [
        "pricing_commercial"
    ]
    from winloss.activity.models import LogEntry

    assert LogEntry.objects.filter(action="program.expected_criteria_set").count() == 2


def test_the_page_shows_both_and_the_owner_sets_criteria_from_it(client_for, workspace, people):
    program = make_program(workspace)
    plant(program, [lost(codes=[RISK], cycle=200 + i) for i in range(6)])
    plant(program, [lost(cycle=50 + i) for i in range(6)])
    fit = Theme.objects.get(workspace=workspace, slug="product_fit")
    client = client_for(people["owner"])
    base = f"/w/{workspace.slug}/programs/{program.pk}/analyse/"
    client.post(base + "expected-criteria/", {"themes": [fit.pk]})
    page = client.get(base).content.decode()
    assert "Sales cycle" in page and "Longer cycles" in page
    assert "Expected and actual buying criteria" in page and "Not raised" in page
