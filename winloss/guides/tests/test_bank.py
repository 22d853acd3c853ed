"""The question bank: neutral by the linter's own measure, and covering what the SOP asks."""

import pytest

from winloss.guides.bank import BANK, TOPICS, bank_for
from winloss.guides.linter import lint_question
from winloss.guides.models import Section


@pytest.mark.parametrize("entry", BANK, ids=[q.key for q in BANK])
def test_every_bank_question_and_prompt_passes_the_linter(entry):
    for text in (entry.text, *entry.prompts):
        assert lint_question(text) == [], text


def test_bank_keys_are_unique_so_answers_line_up_across_waves():
    keys = [q.key for q in BANK]
    assert len(keys) == len(set(keys))


def test_every_section_has_questions_of_its_own():
    for section in Section:
        assert len(bank_for(section)) >= 3, section


def test_common_section_covers_the_sops_topics():
    topics = {q.topic for q in bank_for(Section.COMMON)}
    assert {"criteria", "alternatives", "pricing", "buying", "implementation"} <= topics
    assert topics <= set(TOPICS)


def test_buying_experience_asks_about_sales_demos_procurement_legal_and_security():
    buying = " ".join(q.text for q in BANK if q.topic == "buying").lower()
    for subject in ("sales", "demonstration", "procurement", "legal", "security"):
        assert subject in buying, subject
