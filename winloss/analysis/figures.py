"""One computation, three outputs: the analysis page, ``winloss analyze --json`` and the API
all show these figures."""

from .competitors import head_to_head
from .cuts import CUTS, cuts
from .drivers import drivers, interview_counts
from .perception import perception_gap
from .scope import Scope
from .trends import trends


def analysis(scope: Scope) -> dict:
    total, by_outcome = interview_counts(scope)
    top = drivers(scope)
    cut_cells = cuts(scope, top)
    return {
        "program": scope.program.name,
        "program_id": scope.program.pk,
        "filters": scope.filters,
        "interviews": total,
        "interviews_by_outcome": by_outcome,
        "excluded": [
            {"interview": i.pk, "deal": str(i.entry.deal), "why": why}
            for i, why in scope.excluded()
        ],
        "drivers": [d.as_dict() for d in top],
        "cuts": {
            key: {"label": CUTS[key][0], "cells": [c.as_dict() for c in cells]}
            for key, cells in cut_cells.items()
        },
        "perception_gap": perception_gap(scope).as_dict(),
        "competitors": [h.as_dict() for h in head_to_head(scope)],
        "trends": [t.as_dict() for t in trends(scope)],
    }
