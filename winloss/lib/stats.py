"""The few statistics a win-loss program needs, stated so a program owner can read them.

How sure is a share we report (``wilson_interval``, ``expected_margin``)? How many interviews
before we would hear an issue that affects a given share of buyers (``chance_to_hear``,
``interviews_needed``)? Does the interviewed sample look like the closed pipeline
(``goodness_of_fit``)? The arithmetic is scipy's; this module only chooses the method and
turns edge cases into answers or readable errors (the Wilson interval is its five lines of
arithmetic, checked against scipy's in the tests).
"""

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

# numpy and scipy are imported where they are used: this module is loaded by template tags
# and every command, and scipy alone costs a second or more of start-up.


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(
            f"The confidence level must be between 0 and 1, e.g. 0.95 for 95%; got {confidence!r}."
        )


@functools.lru_cache(maxsize=65_536)
def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval for ``successes`` out of ``n``.

    Wilson rather than the textbook normal interval because win-loss samples are small and
    shares are often near 0 or 1, where the normal interval overshoots [0, 1] or collapses to
    zero width. Cached: an analysis page asks for the same few (k, n) pairs many times.
    """
    _check_confidence(confidence)
    if n < 0 or not 0 <= successes <= max(n, 0):
        raise ValueError(
            f"Expected between 0 and {n} successes out of {n}; got {successes} out of {n}."
        )
    if n == 0:
        # Nothing observed: every share is still possible.
        return (0.0, 1.0)
    # Newcombe's (1998) formula, as scipy's ``binomtest(...).proportion_ci(method="wilson")``
    # computes it (``test_stats.py`` compares the two): a report's hundred intervals should
    # not load scipy.stats, a second of start-up, for five lines of arithmetic.
    z = NormalDist().inv_cdf(0.5 + 0.5 * confidence)
    p = successes / n
    denom = 2 * (n + z**2)
    center = (2 * n * p + z**2) / denom
    delta = z / denom * math.sqrt(4 * n * p * (1 - p) + z**2)
    low = 0.0 if successes == 0 else center - delta
    high = 1.0 if successes == n else center + delta
    return (low, high)


def chance_to_hear(share: float, interviews: int) -> float:
    """The chance that at least one of ``interviews`` interviews hears an issue that affects
    ``share`` of buyers: 1 - (1 - share) ** interviews.

    Computed through log1p/expm1 so a rare issue (share of 1e-9) does not round to "never".
    """
    if not 0 <= share <= 1:
        raise ValueError(f"The share of buyers must be between 0 and 1; got {share!r}.")
    if interviews < 0:
        raise ValueError(f"The number of interviews cannot be negative; got {interviews}.")
    if share == 1:
        return 1.0 if interviews > 0 else 0.0
    return -math.expm1(interviews * math.log1p(-share))


def interviews_needed(share: float, chance: float) -> int:
    """The fewest interviews for at least ``chance`` of hearing an issue affecting ``share``."""
    if not 0 < share < 1:
        raise ValueError(
            "The share of buyers affected must be more than 0 and less than 1, "
            f"e.g. 0.1 for one buyer in ten; got {share!r}."
        )
    if not 0 < chance < 1:
        raise ValueError(
            "The chance of hearing it must be more than 0 and less than 1 "
            f"(certainty needs infinitely many interviews), e.g. 0.8 for 80%; got {chance!r}."
        )
    exact = math.log1p(-chance) / math.log1p(-share)
    if not math.isfinite(exact):
        raise ValueError(f"A share of {share!r} is too small to plan interviews for.")
    n = max(1, math.ceil(exact))
    # The logarithms are off by a few ulps, so ceil() can land one either side of the answer
    # when the exact value is (nearly) a whole number; check against the function we promise.
    if n > 1 and chance_to_hear(share, n - 1) >= chance:
        n -= 1
    elif chance_to_hear(share, n) < chance:
        n += 1
    return n


def expected_margin(interviews: int, share: float = 0.5, confidence: float = 0.95) -> float:
    """The ± we would expect to report for a share measured over ``interviews`` interviews.

    The default share of 0.5 gives the widest (most cautious) margin, which is what a program
    plan should promise.
    """
    if not 0 <= share <= 1:
        raise ValueError(f"The share must be between 0 and 1; got {share!r}.")
    low, high = wilson_interval(round(share * interviews), interviews, confidence)
    return (high - low) / 2


@dataclass(frozen=True)
class CellFit:
    key: str
    observed: int
    expected: float
    # (observed - expected) / sqrt(expected): about -2 or below means clearly under-covered.
    residual: float


@dataclass(frozen=True)
class Fit:
    statistic: float | None  # None when there is nothing to test
    p_value: float | None
    dof: int
    cells: list[CellFit]
    # Any tested cell expects fewer than 5: the chi-square approximation is then unreliable.
    small_expected: bool

    @property
    def under_covered(self) -> list[CellFit]:
        """Cells the sample has fewer of than the population suggests, worst first."""
        return sorted((c for c in self.cells if c.residual < 0), key=lambda c: c.residual)


def goodness_of_fit(observed: dict[str, int], population: dict[str, int]) -> Fit:
    """Does the sample's mix (``observed`` counts) match the population's proportions?

    Cells follow the population's order; a population cell the sample lacks counts 0.
    """
    # A key with zero deals in the population is as foreign to it as a missing key.
    unknown = [
        key for key, n in observed.items() if key not in population or (n and not population[key])
    ]
    if unknown:
        names = ", ".join(repr(k) for k in unknown)
        raise ValueError(
            f"The sample has {names} but the population has none, so the sample cannot have "
            "been drawn from it. Check the segment names match."
        )
    negative = [k for k, v in {**population, **observed}.items() if v < 0]
    if negative:
        raise ValueError(f"Counts cannot be negative: {', '.join(map(repr, negative))}.")

    keys = list(population)
    obs = [observed.get(key, 0) for key in keys]
    total_obs = sum(obs)
    total_pop = sum(population.values())
    expected = [total_obs * population[key] / total_pop if total_pop else 0.0 for key in keys]
    tested = [i for i, e in enumerate(expected) if e > 0]
    if tested:
        # scipy refuses sums that disagree beyond ~1e-8; put the rounding left over from the
        # divisions into the largest cell, where it changes the statistic least.
        largest = max(tested, key=lambda i: expected[i])
        expected[largest] += total_obs - math.fsum(expected)

    cells = [
        CellFit(
            key=key,
            observed=o,
            expected=e,
            residual=(o - e) / math.sqrt(e) if e > 0 else 0.0,
        )
        for key, o, e in zip(keys, obs, expected, strict=True)
    ]
    small = any(expected[i] < 5 for i in tested)
    if len(tested) < 2:
        # One cell (or none) always fits perfectly; a test would be meaningless.
        return Fit(statistic=None, p_value=None, dof=0, cells=cells, small_expected=small)

    # Cells with expected 0 also have observed 0 (checked above), so leaving them out of the
    # test changes nothing but avoids dividing by zero.
    statistic = math.fsum((obs[i] - expected[i]) ** 2 / expected[i] for i in tested)
    return Fit(
        statistic=statistic,
        p_value=chi_square_sf(statistic, len(tested) - 1),
        dof=len(tested) - 1,
        cells=cells,
        small_expected=small,
    )


def fisher_exact_p(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test on the 2×2 table [[a, b], [c, d]]: the
    probability, with the margins fixed, of a table no more likely than this one.

    The same rule as ``scipy.stats.fisher_exact`` (tables within a relative 1e-7 of the
    observed probability count as equally likely), computed over the whole support at once:
    scipy's version costs about a millisecond a table, and the Analyse page tests hundreds.
    """
    import numpy as np

    row, col, total = a + b, a + c, a + b + c + d
    if total == 0 or row in (0, total) or col in (0, total):
        return 1.0
    low, high = max(0, col - (total - row)), min(row, col)
    x = np.arange(low, high + 1)
    lf = _log_factorials(1 << total.bit_length())  # log(k!) for k up to total, and a few more
    log_pmf = (
        lf[row] - lf[x] - lf[row - x]
        + lf[total - row] - lf[col - x] - lf[total - row - col + x]
        - lf[total] + lf[col] + lf[total - col]
    )  # fmt: skip
    observed = log_pmf[a - low]
    # Divided by the sum over the whole support (1 but for rounding), so the rounding of the
    # log-factorials cancels: a table as likely as any other has p exactly 1.
    pmf = np.exp(log_pmf - log_pmf.max())
    p = pmf[log_pmf <= observed + math.log1p(1e-7)].sum() / pmf.sum()
    return float(min(1.0, p))


@functools.lru_cache(maxsize=32)
def _log_factorials(size: int) -> "np.ndarray":
    """log(k!) for k below ``size``: ``math.lgamma``, as accurate as scipy's ``gammaln``,
    without loading scipy.special (a third of a second) for a table of sums."""
    import numpy as np

    return np.array([math.lgamma(k + 1) for k in range(size)])


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """The p-values adjusted for the false discovery rate (Benjamini–Hochberg), in their
    order: the same arithmetic as ``scipy.stats.false_discovery_control(method="bh")``
    (``test_stats.py`` compares them), without loading scipy.stats, a second of start-up."""
    m = len(p_values)
    if m <= 1:
        return [float(p) for p in p_values]
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = math.inf
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, p_values[index] * (m / rank))
        adjusted[index] = min(running, 1.0)
    return adjusted


def mann_whitney_p(x: Sequence[float], y: Sequence[float]) -> float:
    """Two-sided p-value of the Mann–Whitney U test of ``x`` against ``y``, as
    ``scipy.stats.mannwhitneyu(x, y).pvalue`` gives it (``test_stats.py`` compares them): the
    exact distribution when one sample has at most 8 values and none is tied, otherwise the
    normal approximation with the tie and continuity corrections. Without scipy.stats: the
    report's figures test a few cycles, and loading it costs a second."""
    n1, n2 = len(x), len(y)
    if not n1 or not n2:
        raise ValueError("Both samples need at least one value.")
    pooled = sorted([(float(v), 0) for v in x] + [(float(v), 1) for v in y])
    rank_sum, ties, start = 0.0, [], 0
    while start < len(pooled):
        end = start
        while end + 1 < len(pooled) and pooled[end + 1][0] == pooled[start][0]:
            end += 1
        rank = (start + end) / 2 + 1  # tied values share their average rank
        rank_sum += rank * sum(1 for v in pooled[start : end + 1] if v[1] == 0)
        ties.append(end - start + 1)
        start = end + 1
    u1 = rank_sum - n1 * (n1 + 1) / 2
    u = max(u1, n1 * n2 - u1)
    if (n1 <= 8 or n2 <= 8) and all(t == 1 for t in ties):
        p = 2 * _exact_u_sf(int(u), min(n1, n2), max(n1, n2))
    else:
        n = n1 + n2
        tie_term = sum(t**3 - t for t in ties)
        spread = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
        if spread == 0:
            return 1.0  # every value the same: nothing tells the samples apart
        p = 2 * NormalDist().cdf(-(u - n1 * n2 / 2 - 0.5) / spread)
    return min(1.0, max(0.0, p))


def chi_square_sf(x: float, dof: int) -> float:
    """P(X >= x) for X ~ chi-square with a whole number ``dof`` of degrees of freedom, from the
    closed forms of the upper incomplete gamma function (``scipy.stats.chi2.sf``, which
    ``test_stats.py`` compares it with), so that a program's health does not load scipy.stats
    (a second of start-up). The terms are all positive: no cancellation."""
    if dof < 1:
        raise ValueError(f"A chi-square test needs at least one degree of freedom; got {dof}.")
    if x <= 0:
        return 1.0
    half = x / 2
    if dof % 2 == 0:
        term, total, steps = 1.0, 1.0, range(1, dof // 2)
    else:
        term = math.sqrt(half) / (math.sqrt(math.pi) / 2)  # (x/2)^(1/2) / Γ(3/2)
        total, steps = term, range(1, (dof - 1) // 2)
    for i in steps:
        term *= half / (i if dof % 2 == 0 else i + 0.5)
        total += term
    tail = math.erfc(math.sqrt(half)) if dof % 2 else 0.0
    body = 0.0 if dof == 1 else math.exp(-half) * total
    return min(1.0, tail + body)


def half_binomial_quantile(q: float, n: int) -> int:
    """The smallest k with P(X <= k) >= q for X ~ Binomial(n, 1/2): ``scipy.stats.binom.ppf(q,
    n, 0.5)``, counted exactly in integers (``test_stats.py`` compares them)."""
    if not 0 < q < 1:
        raise ValueError(f"The quantile must be between 0 and 1; got {q!r}.")
    total, below = 1 << n, 0
    for k in range(n + 1):
        below += math.comb(n, k)
        if below >= q * total:
            return k
    return n


def _exact_u_sf(u: int, m: int, n: int) -> float:
    """P(U >= u) for samples of ``m`` and ``n`` untied values: the counts of U are the
    coefficients of the Gaussian binomial [m + n choose m] in q."""
    counts = [1] + [0] * (m * n)
    for i in range(1, m + 1):
        for k in range(len(counts) - 1, n + i - 1, -1):  # times (1 - q^(n+i))
            counts[k] -= counts[k - n - i]
        for k in range(i, len(counts)):  # divided by (1 - q^i)
            counts[k] += counts[k - i]
    return sum(counts[u:]) / math.comb(m + n, m)


@dataclass(frozen=True)
class Mean:
    """The mean of ratings with its t-based interval, from the count, sum and sum of squares
    a database aggregate gives (so no rating is loaded to compute it)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None

    def as_dict(self) -> dict:
        interval = [self.low, self.high] if self.low is not None else None
        return {"n": self.n, "mean": self.mean, "low": self.low, "high": self.high,
                "interval": interval}  # fmt: skip


def mean_interval(
    n: int,
    total: float,
    squares: float,
    confidence: float = 0.95,
    bounds: tuple[float, float] | None = None,
) -> Mean:
    """The mean of ``n`` values summing to ``total`` (their squares to ``squares``), with
    Student's t interval; no interval under two values, which say nothing of the spread.
    ``bounds`` is the scale's ends: a 1–5 rating's mean cannot lie outside them, so neither
    does its interval."""
    _check_confidence(confidence)
    if n <= 0:
        return Mean(0, None, None, None)
    mean = total / n
    if n < 2:
        return Mean(n, mean, None, None)
    # The sample variance; max() absorbs the rounding of equal values to a tiny negative.
    variance = max((squares - n * mean * mean) / (n - 1), 0.0)
    from scipy import stats

    half = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * math.sqrt(variance / n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Mean(n, mean, low, high)
