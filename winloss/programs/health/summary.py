"""Everything program health shows, gathered once for the page and the overview."""

from dataclasses import dataclass, field

from django.template.defaultfilters import pluralize

from winloss.activity.figures import cached

from .. import recency
from ..models import EntryStatus, Program
from ..queries import entry_counts
from ..sampling.services import current_draw
from .coverage import DIMENSIONS, Coverage, coverage
from .pace import (
    Freshness,
    Pace,
    Response,
    interviews_held,
    non_response_warning,
    pace,
    response_by_outcome,
    share_heard,
    time_to_interview,
)

UNREPRESENTATIVE_P = 0.05  # below this, the sample's mix differs from the pipeline's


@dataclass
class Health:
    program: Program
    sampled: int
    interviewed: int  # deals heard
    interviews: int  # their completed interviews: more when a deal was heard from several
    pace: Pace | None
    responses: list[Response]
    freshness: Freshness
    heard: tuple[int, int]
    coverages: list[Coverage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def program_health(program: Program, *, with_coverage: bool = True) -> Health:
    """The program's health, computed once per change to its workspace's data and day
    (``activity.figures``): the coverage alone is two queries and a chi-square per cut."""
    health = cached(
        program.workspace_id,
        "health",
        (program.pk, program.version, with_coverage),
        lambda: _program_health(program, with_coverage=with_coverage),
    )
    health.program = program  # the request's own copy, not the one pickled with the figures
    return health


def _program_health(program: Program, *, with_coverage: bool) -> Health:
    draw = current_draw(program)
    counts = entry_counts(program)
    interviewed = counts.get(EntryStatus.INTERVIEWED, 0)
    sampled = interviewed + counts.get(EntryStatus.SELECTED, 0)
    health = Health(
        program=program,
        sampled=sampled,
        interviewed=interviewed,
        interviews=interviews_held(program),
        pace=pace(program, interviewed),
        responses=response_by_outcome(program),
        freshness=time_to_interview(program),
        heard=share_heard(program, interviewed),
    )
    if draw is None:
        health.warnings.append("No sample drawn yet: coverage shows the pipeline alone.")
    elif sampled < program.target_sample_size:
        health.warnings.append(
            f"The sample holds {sampled} deal{pluralize(sampled)} for a target of "
            f"{program.target_sample_size} interviews; with refusals, approach more deals than "
            "the target."
        )
    old_deals = (
        recency.sample_warning(program) if draw is not None else recency.window_warning(program)
    )
    if old_deals:
        health.warnings.append(old_deals)
    if health.pace and health.pace.behind:
        health.warnings.append(
            f"Behind plan: {interviewed} deal{pluralize(interviewed)} heard where the plan "
            "expects "
            f"{health.pace.expected:.0f} by today. A back-loaded program hears old deals."
        )
    bias = non_response_warning(health.responses)
    if bias:
        health.warnings.append(bias)
    if with_coverage:
        health.coverages = [coverage(program, d, draw) for d in DIMENSIONS]
        for cov in health.coverages:
            fit = cov.interview_fit if interviewed else cov.sample_fit
            if cov.by_design or fit.p_value is None or fit.p_value >= UNREPRESENTATIVE_P:
                continue
            worst = ", ".join(c.key for c in fit.under_covered[:2])
            health.warnings.append(
                f"By {cov.label.lower()}, the {'interviews' if interviewed else 'sample'} "
                f"differ from the pipeline (chi-square p = {fit.p_value:.3f}); most "
                f"under-covered: {worst}."
            )
    return health
