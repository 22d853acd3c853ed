import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winloss.lib.stats import (
    benjamini_hochberg,
    chance_to_hear,
    chi_square_sf,
    expected_margin,
    fisher_exact_p,
    goodness_of_fit,
    half_binomial_quantile,
    interviews_needed,
    mann_whitney_p,
    wilson_interval,
)

# Realistic planning inputs: an issue affecting 0.1% to 99% of buyers, a wanted chance of
# hearing it between 1% and 99.9%.
shares = st.floats(min_value=0.001, max_value=0.99)
chances = st.floats(min_value=0.01, max_value=0.999)


def test_wilson_interval_matches_the_published_value_for_half_of_ten():
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-4)
    assert high == pytest.approx(0.7634, abs=1e-4)


def test_wilson_interval_is_scipys_for_every_small_sample():
    from scipy import stats

    for n in range(1, 61):
        for k in range(n + 1):
            for confidence in (0.8, 0.9, 0.95, 0.99):
                ci = stats.binomtest(k, n).proportion_ci(confidence, method="wilson")
                low, high = wilson_interval(k, n, confidence)
                assert abs(low - ci.low) < 1e-12 and abs(high - ci.high) < 1e-12, (k, n)


def test_benjamini_hochberg_is_scipys_false_discovery_control():
    from scipy import stats

    pick = random.Random(7)
    for m in (0, 1, 2, 3, 10, 57):
        ps = [pick.choice([pick.random(), pick.random() ** 4, 1.0, 0.0, 0.05]) for _ in range(m)]
        ours = benjamini_hochberg(ps)
        assert len(ours) == m
        if m:
            theirs = stats.false_discovery_control(ps, method="bh")
            assert all(abs(a - b) < 1e-15 for a, b in zip(ours, theirs, strict=True)), ps


def test_fisher_exact_p_is_scipys_on_many_tables():
    from scipy import stats

    pick = random.Random(3)
    for _ in range(300):
        a, b, c, d = (pick.randint(0, 60) for _ in range(4))
        ours = fisher_exact_p(a, b, c, d)
        assert abs(ours - stats.fisher_exact([[a, b], [c, d]]).pvalue) < 1e-9, (a, b, c, d)


def test_mann_whitney_p_is_scipys_exact_and_approximate():
    from scipy import stats

    pick = random.Random(5)
    for size_x, size_y in [(3, 4), (5, 8), (8, 30), (2, 200), (9, 9), (20, 35), (6, 6)]:
        for spread in (1000, 12):  # no ties (the exact test when one sample is small); ties
            x = [pick.randint(0, spread) for _ in range(size_x)]
            y = [pick.randint(0, spread) + 3 for _ in range(size_y)]
            ours = mann_whitney_p(x, y)
            assert abs(ours - stats.mannwhitneyu(x, y).pvalue) < 1e-9, (x, y)
    assert mann_whitney_p([4, 4, 4], [4, 4, 4, 4]) == 1.0


def test_half_binomial_quantile_is_scipys_binom_ppf():
    from scipy import stats

    for n in range(0, 400):
        for q in (0.005, 0.025, 0.05, 0.1, 0.25):  # never a tie with a dyadic CDF value
            assert half_binomial_quantile(q, n) == int(stats.binom.ppf(q, n, 0.5)), (q, n)


def test_chi_square_sf_is_scipys():
    from scipy import stats

    for dof in range(1, 60):
        for x in (0.0, 0.01, 0.5, 1.0, 3.3, 7.9, dof, 2.0 * dof, 25.0, 80.0, 300.0):
            theirs = stats.chi2.sf(x, dof)
            ours = chi_square_sf(x, dof)
            assert abs(ours - theirs) <= 1e-12 + 1e-9 * theirs, (x, dof, ours, theirs)


def test_wilson_interval_stays_inside_zero_and_one_at_the_extremes():
    low, high = wilson_interval(0, 12)
    assert low == 0.0
    assert 0 < high < 0.3
    low, high = wilson_interval(12, 12)
    assert 0.7 < low < 1
    assert high == pytest.approx(1.0)


def test_wilson_interval_with_nothing_observed_allows_every_share():
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wilson_interval_refuses_more_successes_than_trials():
    with pytest.raises(ValueError, match="out of 3"):
        wilson_interval(4, 3)


def test_a_higher_confidence_gives_a_wider_interval():
    narrow = wilson_interval(5, 10, confidence=0.8)
    wide = wilson_interval(5, 10, confidence=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


def test_chance_to_hear_a_one_in_ten_issue_in_twenty_interviews():
    assert chance_to_hear(0.1, 20) == pytest.approx(0.8784, abs=1e-4)


def test_chance_to_hear_with_no_interviews_is_zero():
    assert chance_to_hear(0.3, 0) == 0.0


def test_interviews_needed_known_values():
    assert interviews_needed(0.1, 0.8) == 16
    assert interviews_needed(0.05, 0.95) == 59


def test_interviews_needed_is_exact_when_the_answer_is_a_whole_number():
    # 1 - 0.5**3 is exactly 0.875, where the logarithms could round either way.
    assert interviews_needed(0.5, 0.875) == 3
    assert interviews_needed(0.5, 0.5) == 1


@pytest.mark.parametrize(
    ("share", "chance", "message"),
    [
        (0, 0.8, "share of buyers"),
        (1, 0.8, "share of buyers"),
        (0.1, 1, "chance of hearing"),
        (0.1, 0, "chance of hearing"),
        (float("nan"), 0.8, "share of buyers"),
    ],
)
def test_interviews_needed_explains_impossible_inputs(share, chance, message):
    with pytest.raises(ValueError, match=message):
        interviews_needed(share, chance)


def test_expected_margin_for_thirty_interviews_is_about_seventeen_points():
    assert expected_margin(30) == pytest.approx(0.168, abs=1e-3)


def test_expected_margin_shrinks_as_interviews_grow():
    assert expected_margin(10) > expected_margin(30) > expected_margin(100)


def test_expected_margin_with_no_interviews_is_the_whole_range():
    assert expected_margin(0) == 0.5


@given(share=shares, n=st.integers(min_value=0, max_value=2000))
def test_chance_to_hear_never_falls_with_more_interviews(share, n):
    assert chance_to_hear(share, n + 1) >= chance_to_hear(share, n)


@given(share=shares, chance=chances)
def test_interviews_needed_is_the_fewest_that_reach_the_chance(share, chance):
    n = interviews_needed(share, chance)
    assert n >= 1
    assert chance_to_hear(share, n) >= chance
    assert chance_to_hear(share, n - 1) < chance


def test_a_perfectly_proportional_sample_fits_exactly():
    fit = goodness_of_fit(
        {"Enterprise": 10, "Mid-market": 20, "SMB": 30},
        {"Enterprise": 100, "Mid-market": 200, "SMB": 300},
    )
    assert fit.statistic == pytest.approx(0.0)
    assert fit.p_value == pytest.approx(1.0)
    assert fit.dof == 2
    assert fit.under_covered == []
    assert fit.small_expected is False


def test_a_skewed_sample_names_the_most_under_covered_segment_first():
    fit = goodness_of_fit(
        {"Enterprise": 40, "Mid-market": 15, "SMB": 5},
        {"Enterprise": 100, "Mid-market": 100, "SMB": 100},
    )
    assert fit.p_value is not None and fit.p_value < 0.001
    assert [c.key for c in fit.under_covered] == ["SMB", "Mid-market"]
    smb = fit.cells[2]
    assert smb.expected == pytest.approx(20.0)
    assert smb.residual == pytest.approx((5 - 20) / 20**0.5)


def test_a_population_segment_missing_from_the_sample_counts_as_zero():
    fit = goodness_of_fit({"Won": 30}, {"Won": 50, "Lost": 50})
    assert [(c.key, c.observed) for c in fit.cells] == [("Won", 30), ("Lost", 0)]
    assert fit.under_covered[0].key == "Lost"


def test_expected_counts_sum_to_the_sample_even_when_shares_do_not_divide_evenly():
    observed = {"a": 1, "b": 1, "c": 5}
    fit = goodness_of_fit(observed, {"a": 1, "b": 1, "c": 1})
    assert sum(c.expected for c in fit.cells) == 7
    assert fit.statistic is not None


def test_small_expected_counts_are_flagged():
    fit = goodness_of_fit({"a": 3, "b": 3}, {"a": 50, "b": 50})
    assert fit.small_expected is True
    assert fit.statistic == pytest.approx(0.0)


def test_a_sample_segment_the_population_lacks_is_refused():
    with pytest.raises(ValueError, match="'Partner'"):
        goodness_of_fit({"Direct": 3, "Partner": 2}, {"Direct": 40})
    with pytest.raises(ValueError, match="'Partner'"):
        goodness_of_fit({"Direct": 3, "Partner": 2}, {"Direct": 40, "Partner": 0})


def test_an_empty_sample_cannot_be_tested():
    fit = goodness_of_fit({}, {"a": 10, "b": 20})
    assert (fit.statistic, fit.p_value, fit.dof) == (None, None, 0)
    assert [c.observed for c in fit.cells] == [0, 0]


def test_a_single_populated_segment_cannot_be_tested():
    fit = goodness_of_fit({"a": 8}, {"a": 10, "b": 0})
    assert (fit.statistic, fit.p_value, fit.dof) == (None, None, 0)
    assert fit.cells[0].residual == 0.0
