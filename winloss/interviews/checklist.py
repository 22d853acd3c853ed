"""The SOP step 6 checklist, computed from the interview record itself.

*Verify that the notes include: account name and deal outcome; interview date and respondent
role; key decision criteria; competitor mentions; pricing or value objections; summary of main
reasons for the outcome.*
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from .models import Interview, Note, NoteKind, Validation
from .recognise import competitor_patterns, recognise

CRITERIA_KEYS = {"criteria", "decision_makers"}
PRICING_KEYS = {"price_value", "budget"}
SUMMARY_MIN_CHARS = 20
# Items an interviewer may confirm did not come up, rather than leave as a gap.
MAY_BE_ABSENT = {"competitors": "No competitor came up", "pricing": "Pricing did not come up"}


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool
    detail: str = ""
    hint: str = ""  # what the interviewer does to fill the gap, shown while it is one


def checklist(interview: Interview) -> list[Item]:
    notes = list(
        Note.objects.filter(interview=interview).exclude(text="").select_related("question")
    )
    # Read afresh: the interview object may hold an older copy of its validation.
    absent = (
        Validation.objects.filter(interview=interview)
        .values_list("confirmed_absent", flat=True)
        .first()
    )
    return _items(interview, notes, set(absent or []), competitor_patterns(interview.workspace))


def checklists(interviews: QuerySet[Interview]) -> list[tuple[Interview, list[Item]]]:
    """Each interview with its checklist, for a page listing many: the notes, deals and
    validations in three queries, however many interviews there are."""
    rows = list(
        interviews.select_related("entry__deal__account", "validation").prefetch_related(
            Prefetch(
                "notes",
                Note.objects.exclude(text="").select_related("question"),
                to_attr="filled_notes",
            )
        )
    )
    patterns = competitor_patterns(rows[0].workspace) if rows else []
    listed: list[tuple[Interview, list[Item]]] = []
    for interview in rows:
        validation = _validation(interview)
        absent = set(validation.confirmed_absent if validation else [])
        listed.append((interview, _items(interview, interview.filled_notes, absent, patterns)))
    return listed


def _validation(interview: Interview) -> Validation | None:
    try:
        return interview.validation
    except Validation.DoesNotExist:
        return None


def _items(
    interview: Interview,
    notes: list[Note],
    absent: set[str],
    patterns: list[tuple[re.Pattern, str]],
) -> list[Item]:
    deal = interview.entry.deal
    text = "\n".join(n.text for n in notes)
    mentions = recognise(text, patterns)

    def under(keys: set[str], words: tuple[str, ...]) -> bool:
        return any(
            n.question is not None
            and (n.question.bank_key in keys or any(w in n.question.text.lower() for w in words))
            for n in notes
        )

    competitors = sorted({m.competitor for m in mentions if m.kind == "competitor"})
    pricing = [m.text for m in mentions if m.kind == "pricing"]
    summary = next(
        (n for n in notes if n.question is None and n.kind == NoteKind.INTERPRETATION), None
    )
    return [
        Item(
            "account_outcome",
            "Account name and deal outcome",
            bool(deal.account_id and deal.outcome),
            f"{deal.account or 'no account'} · {deal.get_outcome_display()}",
            "The deal needs an account and an outcome: the coordinator corrects the deal.",
        ),
        Item(
            "date_role",
            "Interview date and respondent role",
            bool(interview.started_at and interview.respondent_role),
            interview.get_respondent_role_display() or "role not recorded",
            "Record the respondent's role in the decision, below.",
        ),
        Item(
            "criteria",
            "Key decision criteria",
            under(CRITERIA_KEYS, ("criteria", "mattered most")),
            "notes under the decision-criteria questions",
            "Write notes under the question on the criteria that mattered most.",
        ),
        Item(
            "competitors",
            "Competitor mentions",
            bool(competitors) or "competitors" in absent,
            ", ".join(competitors) or ("none came up" if "competitors" in absent else ""),
            "Only competitors on the workspace's Competitors list are recognised in the notes: "
            "name one as it is listed (a new one is added there first), or tick "
            "“No competitor came up” below.",
        ),
        Item(
            "pricing",
            "Pricing or value objections",
            bool(pricing) or under(PRICING_KEYS, ("price",)) or "pricing" in absent,
            ", ".join(pricing[:5]) or ("did not come up" if "pricing" in absent else ""),
            "Write notes under a price or budget question, or tick “Pricing did not come up” "
            "below.",
        ),
        Item(
            "summary",
            "Summary of the main reasons for the outcome",
            bool(summary and len(summary.text.strip()) >= SUMMARY_MIN_CHARS),
            "the interpretation note on the closing page",
            f"Write your summary as the interviewer interpretation on this closing page "
            f"(at least {SUMMARY_MIN_CHARS} characters).",
        ),
    ]


def missing(interview: Interview) -> list[Item]:
    return [item for item in checklist(interview) if not item.done]
