"""The survey's question bank: neutral in every outcome's words, seeded with the codebook's
active top-level themes as its factors."""

import pytest

from winloss.coding.models import Theme
from winloss.deals.models import Outcome
from winloss.guides.linter import lint_question
from winloss.surveys.builder.bank import BANK, DEFAULT_FACTORS, default_questions
from winloss.surveys.builder.services import start_survey
from winloss.surveys.builder.wording import DECISION_WORDS, question_text
from winloss.surveys.models import QuestionKind
from winloss.testing import make_program


@pytest.mark.parametrize("entry", BANK, ids=lambda q: q.key)
def test_every_bank_question_passes_the_linter_in_every_outcomes_words(entry):
    for outcome in [*DECISION_WORDS, Outcome.OPEN]:
        text = question_text(entry, outcome)
        assert "{" not in text, f"{entry.key} keeps a placeholder for {outcome}: {text}"
        assert lint_question(text) == [], f"{entry.key} for {outcome}: {text}"


def test_a_new_survey_asks_each_fixed_kind_once_and_two_open_questions():
    kinds = [q.kind for q in default_questions()]

    assert kinds == [
        QuestionKind.FACTORS,
        QuestionKind.MAIN_REASON,
        QuestionKind.RECONSIDER,
        QuestionKind.OPEN,
        QuestionKind.OPEN,
    ]
    assert len({q.key for q in BANK}) == len(BANK)


def test_the_main_reason_names_the_buyers_decision_by_outcome():
    (entry,) = [q for q in BANK if q.kind == QuestionKind.MAIN_REASON]

    assert question_text(entry, Outcome.WON).endswith("the main reason you chose us?")
    assert question_text(entry, Outcome.LOST).endswith("you chose another option?")
    assert question_text(entry, Outcome.NO_DECISION).endswith("you decided not to buy?")


def test_factors_default_to_the_first_active_top_level_themes_by_position(workspace, people):
    themes = list(Theme.objects.filter(workspace=workspace, parent=None).order_by("position"))
    retired, merged, kept = themes[0], themes[1], themes[2]
    Theme.objects.filter(pk=retired.pk).update(is_active=False)
    Theme.objects.filter(pk=merged.pk).update(merged_into=kept)
    child = Theme.objects.create(workspace=workspace, slug="child", name="Child", parent=kept)
    for n in range(10):  # more themes than a new survey rates
        Theme.objects.create(workspace=workspace, slug=f"extra-{n}", name=f"Extra {n}", position=90)

    survey = start_survey(program=make_program(workspace), user=people["owner"])

    factors = list(survey.factors.select_related("theme"))
    assert len(factors) == DEFAULT_FACTORS
    assert factors[0].theme == kept
    names = {f.theme.name for f in factors}
    assert not names & {retired.name, merged.name, child.name}
    assert [f.position for f in factors] == list(range(1, DEFAULT_FACTORS + 1))
