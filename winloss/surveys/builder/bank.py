"""The question bank a new buyer survey is seeded from: neutral wording, as the SOP asks of
the interview guide — nothing that suggests an answer, praises us or asks the buyer to predict.
A test runs every entry, and the main-reason question as each outcome reads it, through the
question linter.

One question of each fixed kind (the factor ratings, the main reason, openness to considering
us again), then open questions: the first two are in every new survey, the others wait in the
bank for "Add a question". Keys stay stable across releases so answers line up across
versions and programs.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from ..models import MAX_OPEN_QUESTIONS, QuestionKind

# How many of the codebook's themes a new survey rates (its first, in the codebook's order):
# six keep the bank's survey within five minutes for a lost deal's buyer (``timing``), seven
# do not. More makes the grid a chore to fill.
DEFAULT_FACTORS = 6
MAX_FACTORS = 12


@dataclass(frozen=True)
class BankQuestion:
    key: str
    kind: QuestionKind
    text: str
    default: bool = True  # in every new survey, or only offered when adding a question


BANK: tuple[BankQuestion, ...] = (
    BankQuestion(
        "factors",
        QuestionKind.FACTORS,
        gettext_noop(
            "Please score each factor below: how much it mattered to your decision, and how each "
            "option performed on it."
        ),
    ),
    BankQuestion(
        "main_reason",
        QuestionKind.MAIN_REASON,
        gettext_noop("Which one of these was the main reason {decision}?"),
    ),
    BankQuestion(
        "reconsider",
        QuestionKind.RECONSIDER,
        gettext_noop("On a scale from 0 to 10, how open is your team to considering us again?"),
    ),
    BankQuestion(
        "open_change",
        QuestionKind.OPEN,
        gettext_noop(
            "Looking back, what, if anything, could have led your team to a different decision?"
        ),
    ),
    BankQuestion(
        "open_else",
        QuestionKind.OPEN,
        gettext_noop("What else should we know about how your team made this decision?"),
    ),
    BankQuestion(
        "open_advice",
        QuestionKind.OPEN,
        gettext_noop("What advice would you give a vendor selling to a company like yours?"),
        default=False,
    ),
)

assert sum(1 for q in BANK if q.kind == QuestionKind.OPEN and q.default) <= MAX_OPEN_QUESTIONS


def default_questions() -> list[BankQuestion]:
    """What a new survey starts with, in the order the respondent meets them."""
    return [q for q in BANK if q.default]


def bank_entry(kind: str, *, used: set[str]) -> BankQuestion | None:
    """The first entry of ``kind`` whose key the survey does not use yet, or None."""
    return next((q for q in BANK if q.kind == kind and q.key not in used), None)
