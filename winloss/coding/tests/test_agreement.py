"""Agreement statistics, checked against published worked examples."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winloss.coding.agreement.stats import cohen_kappa, kappa_per_theme, krippendorff_alpha


def _table(cells: dict[tuple[str, str], int]) -> tuple[list[str], list[str]]:
    """Two coders' codes from a contingency table {(code of A, code of B): units}."""
    a, b = [], []
    for (code_a, code_b), count in cells.items():
        a += [code_a] * count
        b += [code_b] * count
    return a, b


def test_cohens_kappa_of_the_wikipedia_50_applications_example_is_0_4():
    # Wikipedia, "Cohen's kappa", worked example: two readers, 50 grant proposals;
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no. p_o = 0.7, p_e = 0.5, kappa = 0.4.
    a, b = _table({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    assert cohen_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("cells", "kappa"),
    [
        # Wikipedia, "Cohen's kappa", "Same percentages but different numbers": both tables
        # agree on 60 of 100 units, yet kappa is 0.1304 and 0.2593.
        ({("yes", "yes"): 45, ("yes", "no"): 15, ("no", "yes"): 25, ("no", "no"): 15}, 0.1304),
        ({("yes", "yes"): 25, ("yes", "no"): 35, ("no", "yes"): 5, ("no", "no"): 35}, 0.2593),
    ],
)
def test_cohens_kappa_of_the_wikipedia_same_agreement_tables(cells, kappa):
    assert cohen_kappa(*_table(cells)) == pytest.approx(kappa, abs=5e-5)


def test_cohens_kappa_of_cohens_1960_three_category_example_is_0_49():
    # Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    # Psychological Measurement 20(1), 37-46, Table 1: 200 units, three categories,
    # proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06; p_o = .70, p_c = .41, kappa = .492.
    a, b = _table({
        ("1", "1"): 88, ("1", "2"): 14, ("1", "3"): 18,
        ("2", "1"): 10, ("2", "2"): 40, ("2", "3"): 10,
        ("3", "1"): 2, ("3", "2"): 6, ("3", "3"): 12,
    })  # fmt: skip
    assert cohen_kappa(a, b) == pytest.approx(0.29 / 0.59) == pytest.approx(0.492, abs=5e-4)


def test_cohens_kappa_of_fleiss_two_rater_diagnosis_example_is_0_68():
    # Fleiss, Levin & Paik (2003). Statistical Methods for Rates and Proportions, 3rd ed.,
    # section 18.1: 100 subjects, psychological / neurological / organic; p_o = .89,
    # p_e = .66, kappa = .68.
    a, b = _table({
        ("psy", "psy"): 75, ("psy", "neu"): 1, ("psy", "org"): 4,
        ("neu", "psy"): 5, ("neu", "neu"): 4, ("neu", "org"): 1,
        ("org", "org"): 10,
    })  # fmt: skip
    assert cohen_kappa(a, b) == pytest.approx(0.68, abs=5e-3)


def test_identical_single_code_codings_have_kappa_1_where_the_formula_is_0_over_0():
    assert cohen_kappa(["absent"] * 5, ["absent"] * 5) == 1.0
    assert cohen_kappa([True], [True]) == 1.0


def test_a_coder_who_always_says_the_same_agrees_no_better_than_chance():
    assert cohen_kappa(["yes"] * 4, ["yes", "no", "yes", "no"]) == 0.0


def test_kappa_refuses_codings_of_different_lengths_or_none_at_all():
    with pytest.raises(ValueError, match="different numbers of units"):
        cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(ValueError, match="no units"):
        cohen_kappa([], [])


@given(st.lists(st.sampled_from("abc"), min_size=1, max_size=30))
def test_a_coding_agrees_perfectly_with_itself(codes):
    assert cohen_kappa(codes, codes) == pytest.approx(1.0)


@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from("ab")), min_size=1))
def test_kappa_is_symmetric_and_at_most_1(pairs):
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    kappa = cohen_kappa(a, b)
    assert kappa <= 1.0 + 1e-9 and not math.isnan(kappa)
    assert kappa == pytest.approx(cohen_kappa(b, a))


def test_kappa_per_theme_compares_presence_in_the_units_both_coders_coded():
    coder_a = {
        "i1": {"product_fit"},
        "i2": {"product_fit", "pricing_commercial"},
        "i3": set(),
        "i4": {"sales_process"},
        "only_a": {"implementation_risk"},
    }
    coder_b = {
        "i1": {"product_fit"},
        "i2": {"pricing_commercial"},
        "i3": set(),
        "i4": {"sales_process"},
        "only_b": {"procurement_legal"},
    }
    kappas = kappa_per_theme(coder_a, coder_b)
    assert set(kappas) == {"pricing_commercial", "product_fit", "sales_process"}
    assert kappas["pricing_commercial"] == 1.0 and kappas["sales_process"] == 1.0
    # product_fit present/absent over i1..i4: A = yes yes no no, B = yes no no no.
    assert kappas["product_fit"] == pytest.approx(cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]))


def test_kappa_per_theme_without_double_coded_units_is_empty():
    assert kappa_per_theme({"i1": {"product_fit"}}, {"i2": {"product_fit"}}) == {}


# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
# Communication, University of Pennsylvania, section C ("nominal data, any number of
# observers, missing data"): 4 observers × 12 units, None where an observer gave no value.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("level", "alpha"),
    # The paper's figures for the same data at each level of measurement.
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorffs_alpha_of_the_2011_worked_example(level, alpha):
    assert krippendorff_alpha(KRIPPENDORFF_2011, level=level) == pytest.approx(alpha, abs=5e-4)


def test_nominal_alpha_takes_theme_slugs_as_well_as_numbers():
    names = {
        1: "product_fit",
        2: "pricing_commercial",
        3: "sales_process",
        4: "procurement_legal",
        5: "implementation_risk",
    }
    slugs = [[None if v is None else names[v] for v in row] for row in KRIPPENDORFF_2011]
    assert krippendorff_alpha(slugs) == pytest.approx(0.743, abs=5e-4)


def test_alpha_of_codings_that_only_ever_use_one_value_is_1():
    assert krippendorff_alpha([["a", "a", None], ["a", "a", "a"]]) == 1.0


@pytest.mark.parametrize(
    ("data", "level", "message"),
    [
        ([[1, 2]], "nominal", "two or more coders"),
        ([[1, 2], [1]], "nominal", "two or more coders"),
        ([[1, None], [None, 2]], "nominal", "No unit has codes from two coders"),
        ([[1, 2], [1, 2]], "categorical", "Unknown level"),
    ],
)
def test_alpha_refuses_data_it_cannot_compute_with_a_reason(data, level, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(data, level=level)
