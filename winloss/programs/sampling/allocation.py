"""How many deals each stratum gets: proportional to the pipeline or balanced per outcome.

Largest-remainder apportionment (Hamilton's method) with a cap per cell (a stratum cannot
give more deals than it has) and a minimum per cell. No statistics package ships this small
rule with caps, so it lives here, tested on its own.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def apportion(total: int, weights: Mapping[K, float], caps: Mapping[K, int]) -> dict[K, int]:
    """Split ``total`` places over the cells by weight, never giving a cell more than its cap."""
    alloc = dict.fromkeys(weights, 0)
    remaining = min(total, sum(caps[k] for k in weights))
    while remaining > 0:
        open_cells = [k for k in weights if alloc[k] < caps[k] and weights[k] > 0]
        if not open_cells:
            break
        whole = sum(weights[k] for k in open_cells)
        quotas = {k: remaining * weights[k] / whole for k in open_cells}
        for k in open_cells:
            alloc[k] += min(int(quotas[k]), caps[k] - alloc[k])
        left = min(total, sum(caps[k] for k in weights)) - sum(alloc.values())
        # The seats left over go to the largest remainders (ties: the bigger cell, then key).
        by_remainder = sorted(
            (k for k in open_cells if alloc[k] < caps[k]),
            key=lambda k: (-(quotas[k] - int(quotas[k])), -weights[k], str(k)),
        )
        for k in by_remainder[:left]:
            alloc[k] += 1
        remaining = min(total, sum(caps[k] for k in weights)) - sum(alloc.values())
    return alloc


@dataclass
class Plan:
    places: dict = field(default_factory=dict)  # cell → places
    notes: list[str] = field(default_factory=list)


def allocate(
    size: int,
    eligible: Mapping[tuple[str, str, int], int],
    *,
    balanced: bool,
    min_per_cell: int,
    outcome_label: Callable[[str], str] = str,
) -> Plan:
    """Places per stratum (outcome, segment, band index) for a sample of ``size``."""
    plan = Plan()
    available = sum(eligible.values())
    if available < size:
        plan.notes.append(
            f"Only {available} deals are eligible, fewer than the {size} asked: all are in the "
            "sample."
        )
    minimum = {k: min(min_per_cell, n) for k, n in eligible.items()}
    if sum(minimum.values()) > size:
        plan.notes.append(
            f"{len(eligible)} strata cannot each have {min_per_cell} of {size} places: places "
            "went by share instead, and some strata have none."
        )
        minimum = dict.fromkeys(eligible, 0)

    # Outcome first, then strata within each outcome: rounding cell by cell would drift the
    # outcome mix (a 60/40 pipeline could come out 50/50), and outcome is the cut that matters.
    by_outcome: dict[str, dict] = defaultdict(dict)
    for key, n in eligible.items():
        by_outcome[key[0]][key] = n
    outcome_caps = {o: sum(cells.values()) for o, cells in by_outcome.items()}
    outcome_places = with_minimum(
        size,
        dict.fromkeys(by_outcome, 1.0) if balanced else outcome_caps,
        outcome_caps,
        {o: sum(minimum[k] for k in cells) for o, cells in by_outcome.items()},
    )
    equal = size // len(by_outcome) if by_outcome else 0
    for outcome, places in outcome_places.items():
        if balanced and outcome_caps[outcome] < equal:
            plan.notes.append(
                f"Only {outcome_caps[outcome]} {outcome_label(outcome)} deals are eligible: all "
                "are in the sample, and their other places went to the other outcomes."
            )
        cells = by_outcome[outcome]
        floor = {k: minimum[k] for k in cells}
        if sum(floor.values()) > places:
            floor = dict.fromkeys(cells, 0)
        plan.places.update(with_minimum(places, cells, {k: eligible[k] for k in cells}, floor))
    return plan


def with_minimum(
    total: int, weights: Mapping[K, float], caps: Mapping[K, int], minimum: Mapping[K, int]
) -> dict[K, int]:
    """Proportional places, except that a cell whose share falls below its minimum gets the
    minimum and the others share the rest in proportion: small strata are heard without
    distorting the mix of the large ones."""
    fixed: dict[K, int] = {}
    while True:
        free = [k for k in weights if k not in fixed]
        rest = total - sum(fixed.values())
        whole = sum(weights[k] for k in free)
        short = [k for k in free if whole and rest * weights[k] / whole < minimum[k]]
        if not short:
            break
        fixed.update({k: minimum[k] for k in short})
    places = apportion(rest, {k: weights[k] for k in free}, {k: caps[k] for k in free})
    return {**places, **fixed}
