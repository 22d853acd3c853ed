"""From a CRM stage (and Salesforce's IsClosed/IsWon) to a winloss outcome.

Stages are compared by their letters and digits only, case-folded, so "Closed Won",
"closed_won", "Closed-Won" and HubSpot's id ``closedwon`` are one stage. A stage the defaults
do not know is an open deal, unless the import's own table (``stage_outcomes``) says otherwise:
CRMs are full of custom open stages, while closing stages are few and named alike.
"""

import re

from winloss.deals.models import CLOSED_OUTCOMES, Outcome

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
