"""Escalation hints: every flagged statement in the data is caught, every ordinary one is not."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winloss.coding.escalation_detect import CATEGORIES, PATTERNS, EscalationHint, detect

DATA = Path(__file__).parent / "data"
FLAGGED = [
    tuple(line.split("\t", 1))
    for line in (DATA / "escalation_flagged.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
ORDINARY = [
    line
    for line in (DATA / "escalation_ordinary.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def test_the_categories_are_the_sops_five_plus_security_and_the_data_covers_each_six_times():
    assert CATEGORIES == (
        "misrepresentation",
        "contract_privacy_compliance",
        "churn_risk",
        "pricing_approval_bottleneck",
        "safety_legal_ethical",
        "security_risk",
    )
    assert set(PATTERNS) == set(CATEGORIES)
    assert len(FLAGGED) >= 30 and len(ORDINARY) >= 30
    for category in CATEGORIES:
        assert sum(found == category for found, _ in FLAGGED) >= 6, category


@pytest.mark.parametrize(("category", "statement"), FLAGGED, ids=[s for _, s in FLAGGED])
def test_a_flagged_statement_gets_a_hint_of_its_category(category, statement):
    assert category in {hint.category for hint in detect(statement)}


@pytest.mark.parametrize("statement", ORDINARY)
def test_an_ordinary_statement_gets_no_hint(statement):
    assert detect(statement) == []


def test_a_rep_claiming_sso_that_did_not_work_is_misrepresentation():
    text = "your rep told us it supported SSO, it did not"
    assert detect(text) == [
        EscalationHint(
            category="misrepresentation",
            passage=text,
            start=0,
            end=len(text),
            reason="The buyer says a capability the seller claimed was not there.",
        )
    ]


def test_the_passage_is_the_sentences_the_match_spans_within_the_transcript():
    text = (
        "Onboarding was fine overall. They promised the Epic integration. It never worked.\n"
        "Interviewer: thanks. We will cancel the contract in May."
    )
    hints = detect(text)
    assert [(hint.category, hint.passage) for hint in hints] == [
        ("misrepresentation", "They promised the Epic integration. It never worked."),
        ("churn_risk", "We will cancel the contract in May."),
    ]
    assert all(text[hint.start : hint.end] == hint.passage for hint in hints)


def test_two_categories_in_one_sentence_are_two_hints_and_one_pattern_twice_is_one():
    hints = detect("We regret signing, and we are considering legal action, legal action!")
    assert [hint.category for hint in hints] == ["churn_risk", "safety_legal_ethical"]


def test_curly_apostrophes_are_read_as_straight_ones():
    assert [h.category for h in detect("I doubt we’ll renew.")] == ["churn_risk"]


@given(st.text(max_size=300))
def test_every_hint_points_at_its_own_passage_in_any_text(text):
    for hint in detect(text):
        assert text[hint.start : hint.end] == hint.passage and hint.category in CATEGORIES
