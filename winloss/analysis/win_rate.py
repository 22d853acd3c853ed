"""Our win rate across a program's waves: of the closed deals in each wave's scope in the CRM
(not of the deals heard — the sample is drawn per outcome, so its mix says nothing about how
often we win). One GROUP BY per wave."""

from typing import TYPE_CHECKING

from winloss.deals.models import Outcome
from winloss.lib.stats import fisher_exact_p
from winloss.programs.queries import deals_in_scope, outcome_counts

from .drivers import MIN_N, Share

if TYPE_CHECKING:
    from winloss.programs.models import Program

BASE = "closed deals in scope in the CRM"


def win_rate(program: "Program", minimum: int = MIN_N) -> Share:
    counts = outcome_counts(deals_in_scope(program))
    return Share(counts.get(Outcome.WON, 0), sum(counts.values()), BASE, minimum)


def win_rates(waves: list["Program"], minimum: int = MIN_N) -> dict:
    """Each wave's win rate (oldest first) and the last change's p-value (Fisher's exact
    test), None when either side holds fewer deals than ``minimum``."""
    rates = [(wave.name, win_rate(wave, minimum)) for wave in waves]
    p = None
    if len(rates) >= 2:
        (_, before), (_, after) = rates[-2], rates[-1]
        if not (before.too_few or after.too_few):
            p = fisher_exact_p(after.k, after.n - after.k, before.k, before.n - before.k)
    return {
        "base": BASE,
        "waves": [{"wave": name, **share.as_dict()} for name, share in rates],
        "p_value_last_change": p,
    }
