"""The question linter: every flawed question in the data is caught, every neutral one is not."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from winloss.guides.linter import RULES, Finding, lint_question

DATA = Path(__file__).parent / "data"
FLAWED = [
    tuple(line.split("\t", 1))
    for line in (DATA / "flawed_questions.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
NEUTRAL = [
    line
    for line in (DATA / "neutral_questions.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
RULE_IDS = {"leading", "closed", "double_barrelled", "loaded", "praise", "hypothetical", "jargon"}


def _words(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in lint_question(text):
        found.setdefault(finding.rule, []).append(text[finding.start : finding.end])
    return found


def test_the_data_covers_every_rule_at_least_four_times():
    assert {rule.id for rule in RULES} == RULE_IDS
    assert len(FLAWED) >= 45 and len(NEUTRAL) >= 45
    for rule_id in RULE_IDS:
        assert sum(rule == rule_id for rule, _ in FLAWED) >= 4, rule_id


@pytest.mark.parametrize(("rule", "question"), FLAWED, ids=[q for _, q in FLAWED])
def test_a_flawed_question_is_caught_by_its_rule(rule, question):
    assert rule in {finding.rule for finding in lint_question(question)}


@pytest.mark.parametrize("question", NEUTRAL)
def test_a_neutral_open_question_has_no_findings(question):
    assert lint_question(question) == []


@pytest.mark.parametrize(
    ("question", "rule", "words"),
    [
        ("Don't you think our onboarding was smoother?", "leading", "Don't you think"),
        ("Isn't it true that their support was slow?", "leading", "Isn't it true"),
        ("How easy was the setup compared with your old system?", "leading", "How easy was"),
        ("The integration was the strongest part, right?", "leading", "right"),
        ("Did you evaluate any other vendors?", "closed", "Did you"),
        ("So, was price the main reason?", "closed", "was price"),
        ("How did you find the pricing and the implementation plan?", "double_barrelled",
         "the pricing and the implementation plan"),
        ("What did you like and dislike about our proposal?", "double_barrelled",
         "like and dislike"),
        ("How was the demo? What did you think of the pricing?", "double_barrelled",
         "What did you think of the pricing?"),
        ("Why didn't you read the proposal we sent?", "loaded", "Why didn't you"),
        ("Why did your team fail to raise this earlier?", "loaded", "fail to"),
        ("Did you even look at the case studies?", "loaded", "even"),
        ("How did our award-winning support team help?", "praise", "our award-winning"),
        ("What role did our great team play?", "praise", "our great"),
        ("If we had offered a discount, would you have signed?", "hypothetical",
         "If we had offered a discount, would"),
        ("What would you want to see from us in the future?", "hypothetical", "in the future"),
        ("How did the TCO compare across vendors?", "jargon", "TCO"),
        ("How did your old tool hand MQLs over as SQLs?", "jargon", "SQLs"),
        ("How did our land and expand offer look to you?", "jargon", "land and expand"),
    ],
)  # fmt: skip
def test_a_finding_spans_the_offending_words(question, rule, words):
    assert words in _words(question).get(rule, [])


def test_findings_are_sorted_and_carry_a_message_and_a_hint():
    question = "Obviously our excellent team helped, but did you leverage the ARR dashboard?"
    findings = lint_question(question)
    assert [f.rule for f in findings] == ["loaded", "praise", "jargon", "jargon"]
    assert findings == sorted(findings, key=lambda f: f.start)
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.message.strip() and finding.hint.strip()
    assert findings[0].message == (
        "Loaded: 'Obviously' argues, blames or puts the buyer on the defensive."
    )
    assert findings[2].hint == "Say 'use'."  # a jargon word brings its own plain word


def test_a_leading_opening_is_not_also_reported_as_closed():
    assert _words("Wouldn't you agree that our pricing was fair?") == {
        "leading": ["Wouldn't you agree"]
    }
    # A different flaw on the same opening still counts.
    assert set(_words("Would you ever consider coming back to us?")) == {"closed", "hypothetical"}


def test_an_invitation_to_describe_is_open_not_closed():
    for question in [
        "Could you describe the buying process?",
        "Can you walk me through how the shortlist was built?",
        "Would you mind telling me who signed off?",
        "Could we talk about the contract terms?",
    ]:
        assert lint_question(question) == [], question
    assert "closed" in _words("Could the rollout have been shorter?")


def test_ordinary_uses_of_flagged_words_pass():
    assert lint_question("What happened just before you signed?") == []
    assert lint_question("How clearly did we explain the pricing?") == []
    assert lint_question("How important was SQL support for your analysts?") == []
    assert lint_question("Which other vendors, if any, did you consider?") == []


def test_curly_apostrophes_are_read_like_straight_ones_and_spans_still_fit():
    question = "Wouldn’t you agree the pricing was fair?"
    assert _words(question) == {"leading": ["Wouldn’t you agree"]}


def test_empty_or_blank_text_has_no_findings():
    assert lint_question("") == []
    assert lint_question("   \n") == []


@given(st.text(max_size=300))
def test_any_text_lints_without_error_and_every_span_lies_inside_it(text):
    for finding in lint_question(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.rule in RULE_IDS


@given(
    st.lists(
        st.sampled_from(["did", "you", "and", "the", "our", "?", ",", "just", "if", "would",
                         "don't", "great", "pricing", "SQL", " ", ".", "’", "how", "easy"]),
        max_size=40,
    ).map(" ".join)
)  # fmt: skip
def test_question_like_word_salad_lints_without_error(text):
    for finding in lint_question(text):
        assert 0 <= finding.start < finding.end <= len(text)
