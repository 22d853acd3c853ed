"""The rules: each one a message, a hint and a table of patterns; a new pattern is one line.

A pattern is a regular expression, or a pair (expression, hint) where that wording has a
better hint of its own. Expressions are case-insensitive; ``(?-i:...)`` marks an acronym
whose lowercase is an ordinary word. A ``span`` group, where present, marks the offending
words inside the context the pattern needs.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from . import patterns

Pattern = str | tuple[str, str]


@dataclass(frozen=True)
class Rule:
    id: str
    message: str  # may name the offending words as {words}
    hint: str
    patterns: tuple[Pattern, ...]
    # Rules whose finding on the same words already says what this one would.
    yields_to: tuple[str, ...] = ()

    @cached_property
    def compiled(self) -> tuple[tuple[re.Pattern[str], str | None], ...]:
        # Compiled on the first question linted, not at import: every command loads the rules.
        return tuple(
            (re.compile(p, re.IGNORECASE), None)
            if isinstance(p, str)
            else (re.compile(p[0], re.IGNORECASE), p[1])
            for p in self.patterns
        )


RULES: tuple[Rule, ...] = (
    Rule(
        id="leading",
        message="Leading: the wording suggests the answer we hope to hear.",
        hint="Ask without suggesting an answer: 'How did … compare?' or 'What was … like?'",
        patterns=patterns.LEADING,
    ),
    Rule(
        id="closed",
        message="Closed: this invites a yes or no where the buyer's own account is wanted.",
        hint="Ask it openly: 'How did … ?' or 'What … ?'",
        patterns=patterns.CLOSED,
        yields_to=("leading",),
    ),
    Rule(
        id="double_barrelled",
        message="Double-barrelled: this asks about two things at once, so one answer can't fit.",
        hint="Split it into separate questions and ask them one at a time.",
        patterns=patterns.DOUBLE_BARRELLED,
    ),
    Rule(
        id="loaded",
        message="Loaded: '{words}' argues, blames or puts the buyer on the defensive.",
        hint="Drop the judgement and ask what happened: 'What led to … ?'",
        patterns=patterns.LOADED,
    ),
    Rule(
        id="praise",
        message="Praise: '{words}' praises our company or product, which invites agreement.",
        hint="Name the thing plainly: 'our support', not 'our award-winning support'.",
        patterns=patterns.PRAISE,
    ),
    Rule(
        id="hypothetical",
        message=(
            "Hypothetical: this asks the buyer to imagine or predict; accounts of what "
            "actually happened are more reliable."
        ),
        hint="Ask about the past: 'What did you do when … ?' or 'What, if anything, "
        "would have changed the outcome?'",
        patterns=patterns.HYPOTHETICAL,
    ),
    Rule(
        id="jargon",
        message="Jargon: '{words}' is vendor language a buyer may not share.",
        hint="Say it in the buyer's plain words.",
        patterns=patterns.JARGON,
    ),
)
