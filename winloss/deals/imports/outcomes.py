"""From a CRM stage (and Salesforce's IsClosed/IsWon) to a winloss outcome.

Stages are compared by their letters and digits only, case-folded, so "Closed Won",
"closed_won", "Closed-Won" and HubSpot's id ``closedwon`` are one stage. A stage the defaults
do not know is an open deal, unless the workspace's saved mappings (``StageMapping``, edited on
the "Deal stages" page) or the import's own table (``stage_outcomes``, e.g. the CLI's
``--stage``) say otherwise, the import's table winning: CRMs are full of custom open stages,
while closing stages are few and named alike.
"""

import hashlib
import re
from dataclasses import dataclass

from django.db.models import Count

from winloss.deals.models import CLOSED_OUTCOMES, Deal, Outcome, StageMapping

from .errors import ImportFailed, ValueProblem

_KEY = re.compile(r"[^0-9a-z]+")

DEFAULT_STAGE_OUTCOMES: dict[str, str] = {
    "closed won": Outcome.WON,
    "won": Outcome.WON,
    "win": Outcome.WON,
    "closed lost": Outcome.LOST,
    "lost": Outcome.LOST,
    "loss": Outcome.LOST,
    "closed no decision": Outcome.NO_DECISION,
    "no decision": Outcome.NO_DECISION,
    "lost no decision": Outcome.NO_DECISION,
    "closed withdrawn": Outcome.WITHDRAWN,
    "withdrawn": Outcome.WITHDRAWN,
    "closed rejected": Outcome.REJECTED,
    "rejected": Outcome.REJECTED,
    "closed disqualified": Outcome.REJECTED,
    "disqualified": Outcome.REJECTED,
    "stalled": Outcome.STALLED,
    "on hold": Outcome.STALLED,
}
_CLOSED_NOT_WON = frozenset(o.value for o in CLOSED_OUTCOMES) - {Outcome.WON.value}
_STILL_OPEN = frozenset({Outcome.OPEN.value, Outcome.STALLED.value})


def stage_key(stage: str) -> str:
    return _KEY.sub("", stage.casefold())


# A given outcome by its code or its label: "no_decision", "No decision", "Lost to no decision".
_GIVEN = {stage_key(text): o.value for o in Outcome for text in (o.value, o.label)}


def given_outcome(text: str) -> str:
    """An outcome named outright (the ``outcome`` field), not a CRM stage to interpret."""
    outcome = _GIVEN.get(stage_key(text))
    if outcome is None:
        raise ValueProblem(f"Not an outcome; use one of {', '.join(Outcome.values)}.")
    return outcome


class StageRules:
    """Decides each row's outcome; built once per import from the defaults and overrides."""

    def __init__(self, overrides: dict[str, str] | None = None) -> None:
        table = {stage_key(k): str(v) for k, v in DEFAULT_STAGE_OUTCOMES.items()}
        for stage, outcome in (overrides or {}).items():
            if outcome not in Outcome.values:
                raise ImportFailed(
                    f"The stage mapping sends {stage!r} to {outcome!r}; use one of "
                    f"{', '.join(Outcome.values)}."
                )
            table[stage_key(stage)] = outcome
        self._table = table
        self._overridden = frozenset(stage_key(k) for k in overrides or {})
        self._memo: dict[tuple[str, bool | None, bool | None], str] = {}

    def outcome(self, stage: str, *, is_won: bool | None, is_closed: bool | None) -> str:
        # A file has a handful of stages over thousands of rows: decide each combination once.
        memo_key = (stage, is_won, is_closed)
        if (known := self._memo.get(memo_key)) is not None:
            return known
        outcome = self._decide(stage, is_won=is_won, is_closed=is_closed)
        if len(self._memo) < 10_000:
            self._memo[memo_key] = outcome
        return outcome

    def _decide(self, stage: str, *, is_won: bool | None, is_closed: bool | None) -> str:
        key = stage_key(stage)
        if not key and is_won is None and is_closed is None:
            raise ValueProblem("The stage is empty; every deal needs one.")
        named = self._table.get(key, Outcome.OPEN.value)
        if key in self._overridden:
            return named
        # Salesforce computes IsWon/IsClosed from the org's own stage definitions, so they are
        # right even for custom stage names; the stage name only refines how a deal was lost.
        if is_won:
            return Outcome.WON.value
        if is_closed:
            return named if named in _CLOSED_NOT_WON else Outcome.LOST.value
        if is_closed is False:
            return named if named in _STILL_OPEN else Outcome.OPEN.value
        return named


def saved_stage_outcomes(workspace) -> dict[str, str]:
    """The workspace's own stage -> outcome mappings, which imports use before the defaults."""
    return dict(StageMapping.objects.filter(workspace=workspace).values_list("stage", "outcome"))


def stage_mappings_version(workspace) -> str:
    """A fingerprint of the workspace's saved mappings, the version the stages page edits.

    Derived from the mappings themselves rather than a stored counter, so no write can change
    the set without changing its version.
    """
    pairs = sorted(
        (stage.casefold(), outcome)
        for stage, outcome in StageMapping.objects.filter(workspace=workspace).values_list(
            "stage", "outcome"
        )
    )
    text = "\n".join(f"{stage}\t{outcome}" for stage, outcome in pairs)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class StageRow:
    """One CRM stage as the stages page shows it."""

    stage: str
    deals: int
    saved: str  # the saved outcome, "" when the defaults decide
    default: str

    @property
    def default_label(self) -> str:
        return Outcome(self.default).label


def stage_table(workspace) -> list[StageRow]:
    """Every stage the workspace's deals carry or a mapping names, with how imports read it.

    Stages are grouped ignoring case (as mappings are unique ignoring case): "Verbal commit"
    and "Verbal Commit" are one row, under the most common spelling.
    """
    counts: dict[str, list] = {}
    for stage, n in (
        Deal.objects.filter(workspace=workspace)
        .exclude(stage="")
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by("-n", "stage")
    ):
        entry = counts.setdefault(stage.casefold(), [stage, 0])
        entry[1] += n
    saved = {m.stage.casefold(): m for m in StageMapping.objects.filter(workspace=workspace)}
    for key, mapping in saved.items():
        counts.setdefault(key, [mapping.stage, 0])
    defaults = StageRules()
    rows = [
        StageRow(
            stage=stage,
            deals=n,
            saved=saved[key].outcome if key in saved else "",
            default=defaults.outcome(stage, is_won=None, is_closed=None),
        )
        for key, (stage, n) in counts.items()
        if stage_key(stage)
    ]
    return sorted(rows, key=lambda r: r.stage.casefold())


def stage_rows(workspace, stages: list[str]) -> list[StageRow]:
    """Rows for the stages a submitted form names, in its order (the table may have moved on:
    an import can add stages while someone edits)."""
    known = {row.stage.casefold(): row for row in stage_table(workspace)}
    defaults = StageRules()
    rows, seen = [], set()
    for stage in (s.strip() for s in stages):
        if not stage_key(stage) or stage.casefold() in seen:
            continue
        seen.add(stage.casefold())
        rows.append(
            known.get(stage.casefold())
            or StageRow(stage, 0, "", defaults.outcome(stage, is_won=None, is_closed=None))
        )
    return rows
