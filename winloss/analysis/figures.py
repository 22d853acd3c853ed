"""One computation, three outputs: the analysis page, ``winloss analyze --json`` and the API
all show these figures (and the report and the charts reuse them).

Everything is computed from one analysis table (``table.read_table``: two reads, one row per
interview) over this wave and the waves before it, so the number of queries does not grow
with the interviews, the cuts or the waves.

A deal may be heard from several people. Deal-level figures (drivers, outcome counts, the cuts
that describe the deal, trends) count each deal once, citing a theme when any of its
interviews does; the cuts that differ per voice (respondent role, interviewer) count
interviews. Each figure says which in its ``base``."""

from collections.abc import Collection

from winloss.activity.figures import cached
from winloss.coding.codebook.queries import codebook_span
from winloss.coding.models import CodedExcerpt
from winloss.programs.health.coverage import bands_for
from winloss.programs.health.pace import response_by_outcome
from winloss.programs.sampling.services import current_draw

from .competitors import head_to_head
from .criteria import expected_vs_actual
from .cuts import CUTS, cuts
from .cycle import sales_cycle
from .drivers import DEALS, INTERVIEWS, drivers, interview_counts
from .perception import perception_gap
from .scope import DEAL_CUTS, VOICE_CUTS, Scope
from .survey import survey_figures
from .table import read_table
from .trends import trends, waves_of
from .win_rate import win_rates

PARTS = (
    "drivers", "cuts", "perception_gap", "competitors", "trends", "cycle", "criteria", "survey",
)  # fmt: skip


def analysis(scope: Scope, only: Collection[str] | None = None) -> dict:
    """The figures; ``only`` names the PARTS wanted (a chart needs one), all by default.
    Interview counts, the program and the filters are always there. Computed once per change
    to the workspace's data and day (``activity.figures``)."""
    program = scope.program
    wanted = None if only is None else sorted(only)
    parts = (program.pk, program.version, sorted(scope.filters.items()), wanted)
    return cached(program.workspace_id, "analysis", parts, lambda: _analysis(scope, only))


def _analysis(scope: Scope, only: Collection[str] | None) -> dict:
    wanted = set(PARTS if only is None else only)
    waves = waves_of(scope.program) if "trends" in wanted else [scope.program]
    bands = bands_for(scope.program, current_draw(scope.program)) if "cuts" in wanted else None
    everything = read_table(scope, waves, bands=bands)
    raw = everything.of_program(scope.program.pk) if len(waves) > 1 else everything
    table = raw.rolled_up()
    deals = table.per_deal()
    total, by_outcome = interview_counts(table)
    deal_total, deals_by_outcome = interview_counts(deals)
    minimum = scope.program.min_per_outcome
    top = drivers(deals, minimum, DEALS)
    figures: dict = {
        "program": scope.program.name,
        "program_id": scope.program.pk,
        "filters": scope.filters,
        "interviews": total,
        "interviews_by_outcome": by_outcome,
        "deals": deal_total,
        "deals_by_outcome": deals_by_outcome,
        "base": DEALS,  # what the drivers' k and n count
        "minimum": minimum,
    }
    if only is None:
        # Which codebook versions the excerpts behind these figures were coded under, and how
        # many under a theme definition changed since (SOP step 7's review queue).
        coded = CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        figures["codebook"] = codebook_span(scope.program.workspace_id, coded).as_dict()
        figures["response"] = [r.as_dict() for r in response_by_outcome(scope.program)]
        figures["excluded"] = [
            {"interview": i.pk, "deal": str(i.entry.deal), "why": why}
            for i, why in scope.excluded()
        ]
    if "drivers" in wanted:
        figures["drivers"] = [d.as_dict() for d in top]
    if "cuts" in wanted:
        # A voice cut compares interviews, so its "rest" is the drivers over interviews.
        by_code = {d.code: d for d in drivers(table, minimum, INTERVIEWS)}
        voices = [by_code[d.code] for d in top]
        found = {
            **cuts(deals, top, bands, DEAL_CUTS, minimum),
            **cuts(table, voices, keys=VOICE_CUTS, minimum=minimum),
        }
        figures["cuts"] = {
            key: {
                "label": CUTS[key][0],
                "base": INTERVIEWS if key in VOICE_CUTS else DEALS,
                "cells": [c.as_dict() for c in found[key]],
            }
            for key in CUTS
        }
    if "perception_gap" in wanted:
        names = {t.slug: t.name for t in table.themes.values()}
        figures["perception_gap"] = perception_gap(raw, names).as_dict()
    if "competitors" in wanted:
        figures["competitors"] = [h.as_dict() for h in head_to_head(scope, raw, minimum)]
    if "cycle" in wanted:
        # A cycle belongs to the deal: one row per deal, however many people were heard.
        figures["cycle"] = sales_cycle(scope, deals, top, minimum)
    if "criteria" in wanted:
        figures["criteria"] = expected_vs_actual(scope.program, table, minimum)
    if "survey" in wanted:
        # Buyer surveys: their own evidence, of the whole program, never merged with these.
        figures["survey"] = survey_figures(scope.program)
    if "trends" in wanted:
        figures["waves"] = [w.name for w in waves]
        per_deal = everything.rolled_up().per_deal()
        figures["trends"] = [t.as_dict() for t in trends(per_deal, waves, minimum)]
        figures["win_rate"] = win_rates(waves, minimum)
    return figures
