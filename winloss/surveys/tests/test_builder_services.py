"""Building a survey: one question of each fixed kind, at most three open ones, factors from
the codebook, approval only when the linter has nothing open, a new draft to change it."""

import pytest

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding.models import Theme
from winloss.lib.errors import StaleEdit
from winloss.surveys.builder import services
from winloss.surveys.builder.queries import approved_survey_for, draft_survey_for, factor_themes
from winloss.surveys.models import QuestionKind, SurveyError, SurveyStatus, SurveyWaiver
from winloss.testing import make_program, make_survey

FLAWED = "Did our award-winning support help you decide?"


@pytest.fixture
def program(workspace, people):
    return make_program(workspace, owner=people["owner"])


@pytest.fixture
def owner(people):
    return people["owner"]


def _logged(program, action) -> str:
    return describe(LogEntry.objects.for_object(program).filter(action=action).latest("pk"))


def test_starting_seeds_the_bank_and_the_factors_and_logs_it(program, owner):
    survey = services.start_survey(program=program, user=owner)

    assert survey.number == 1 and survey.status == SurveyStatus.DRAFT
    assert survey.questions.exclude(bank_key="").count() == 5
    assert survey.factors.count() == 6  # the first six of the SOP codebook's seven themes
    assert "started the buyer survey" in _logged(program, "survey.started")
    with pytest.raises(SurveyError, match="already has a survey"):
        services.start_survey(program=program, user=owner)


def test_roles_without_the_capability_cannot_start_a_survey(program, people):
    with pytest.raises(SurveyError, match="Your role cannot change"):
        services.start_survey(program=program, user=people["analyst"])
    assert services.start_survey(program=program, user=people["coordinator"]).number == 1


def test_a_survey_asks_each_fixed_kind_at_most_once(program, owner):
    survey = services.start_survey(program=program, user=owner)

    for kind in (QuestionKind.FACTORS, QuestionKind.MAIN_REASON, QuestionKind.RECONSIDER):
        with pytest.raises(SurveyError, match="already asks"):
            services.add_question(survey=survey, user=owner, kind=kind, text="What else?")


def test_a_survey_has_at_most_three_open_questions(program, owner):
    survey = services.start_survey(program=program, user=owner)

    third = services.add_question(survey=survey, user=owner, kind=QuestionKind.OPEN)

    assert third.bank_key == "open_advice" and third.position == 6
    with pytest.raises(SurveyError, match="at most 3 open questions"):
        services.add_question(survey=survey, user=owner, kind=QuestionKind.OPEN, text="Why?")
    assert survey.questions.filter(kind=QuestionKind.OPEN).count() == 3


def test_a_deleted_fixed_question_comes_back_with_the_banks_wording(program, owner):
    survey = services.start_survey(program=program, user=owner)
    question = survey.questions.get(kind=QuestionKind.RECONSIDER)
    services.delete_question(question=question, user=owner, expected_version=question.version)

    again = services.add_question(survey=survey, user=owner, kind=QuestionKind.RECONSIDER)

    assert again.text == question.text and again.bank_key == "reconsider"
    assert "deleted a question" in _logged(program, "survey.question_deleted")


def test_an_edit_on_a_stale_version_is_refused_and_nothing_is_written(program, owner):
    survey = services.start_survey(program=program, user=owner)
    question = survey.questions.get(bank_key="open_else")
    stale = question.version
    services.edit_question(
        question=question, user=owner, expected_version=stale, text="What else happened?"
    )

    with pytest.raises(StaleEdit):
        services.edit_question(
            question=question, user=owner, expected_version=stale, text="Overwritten?"
        )
    question.refresh_from_db()
    assert question.text == "What else happened?"
    assert "edited a question" in _logged(program, "survey.question_edited")


def test_moving_a_question_swaps_it_with_its_neighbour(program, owner):
    survey = services.start_survey(program=program, user=owner)
    reconsider = survey.questions.get(kind=QuestionKind.RECONSIDER)

    services.move_question(question=reconsider, user=owner, direction="up")

    kinds = list(survey.questions.values_list("kind", flat=True))
    assert kinds[:3] == [QuestionKind.FACTORS, QuestionKind.RECONSIDER, QuestionKind.MAIN_REASON]
    assert list(survey.questions.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_factors_are_added_removed_and_reordered(program, owner, workspace):
    survey = make_survey(program, factors=2)
    first, second = [f.theme for f in survey.factors.all()]
    third = factor_themes(workspace.pk).exclude(pk__in=[first.pk, second.pk]).first()

    services.add_factor(survey=survey, user=owner, theme=third)
    services.move_factor(factor=survey.factors.get(theme=third), user=owner, direction="up")
    survey.refresh_from_db()
    services.remove_factor(
        factor=survey.factors.get(theme=first), user=owner, expected_version=survey.version
    )

    assert [f.theme for f in survey.factors.all()] == [third, second]
    assert f"“{third}”" in _logged(program, "survey.factor_moved")
    assert "removed the decision factor" in _logged(program, "survey.factor_removed")
    with pytest.raises(SurveyError, match="already a decision factor"):
        services.add_factor(survey=survey, user=owner, theme=second)


def test_a_factor_must_be_an_active_top_level_theme(program, owner, workspace):
    survey = make_survey(program, factors=0)
    parent = factor_themes(workspace.pk).first()
    child = Theme.objects.create(workspace=workspace, slug="sub", name="Sub", parent=parent)
    retired = Theme.objects.create(workspace=workspace, slug="old", name="Old", is_active=False)

    for theme in (child, retired):
        with pytest.raises(SurveyError, match="not an active top-level theme"):
            services.add_factor(survey=survey, user=owner, theme=theme)


def test_removing_a_factor_from_a_survey_changed_since_is_refused(program, owner):
    survey = make_survey(program, factors=2)
    factor = survey.factors.first()

    with pytest.raises(SurveyError, match="changed while you were looking"):
        services.remove_factor(factor=factor, user=owner, expected_version=survey.version + 1)
    assert survey.factors.count() == 2


def test_open_linter_findings_block_approval_until_fixed_or_waived(program, owner):
    survey = make_survey(program, [FLAWED])
    question = survey.questions.get()

    with pytest.raises(SurveyError, match="2 linter findings still open"):
        services.approve_survey(survey=survey, user=owner, expected_version=survey.version)

    services.waive_finding(
        question=question,
        user=owner,
        expected_version=question.version,
        rule="praise",
        reason="The customer's own name for the service.",
    )
    survey.refresh_from_db()
    with pytest.raises(SurveyError, match="1 linter finding still open"):
        services.approve_survey(survey=survey, user=owner, expected_version=survey.version)

    question.refresh_from_db()
    services.edit_question(
        question=question,
        user=owner,
        expected_version=question.version,
        text="What role did our support play in your decision?",
    )
    survey.refresh_from_db()
    approved = services.approve_survey(survey=survey, user=owner, expected_version=survey.version)

    assert approved.status == SurveyStatus.APPROVED and approved.approved_by == owner
    assert "approved version 1 of the buyer survey" in _logged(program, "survey.approved")


def test_only_the_program_owner_or_an_admin_approves(program, people):
    survey = make_survey(program)

    with pytest.raises(SurveyError, match="Only the program owner"):
        services.approve_survey(
            survey=survey, user=people["coordinator"], expected_version=survey.version
        )
    services.approve_survey(survey=survey, user=people["admin"], expected_version=survey.version)


def test_approval_is_of_the_version_the_owner_read(program, owner):
    survey = make_survey(program)

    with pytest.raises(SurveyError, match="changed since you opened it"):
        services.approve_survey(survey=survey, user=owner, expected_version=survey.version + 1)


def test_the_main_reason_needs_factors_to_choose_from(program, owner):
    survey = make_survey(
        program, [(QuestionKind.MAIN_REASON, "Which one of these was the main reason?")], factors=1
    )

    with pytest.raises(SurveyError, match="at least 2 decision factors"):
        services.approve_survey(survey=survey, user=owner, expected_version=survey.version)


def test_a_factor_retired_from_the_codebook_blocks_approval(program, owner):
    survey = make_survey(program, factors=3)
    theme = survey.factors.first().theme
    Theme.objects.filter(pk=theme.pk).update(is_active=False)

    with pytest.raises(SurveyError, match=f"no longer active themes.*{theme.name}"):
        services.approve_survey(survey=survey, user=owner, expected_version=survey.version)


def test_revising_an_approved_survey_copies_it_into_draft_n_plus_one(program, owner):
    approved = make_survey(program, [FLAWED], approved=False)
    question = approved.questions.get()
    SurveyWaiver.objects.create(question=question, rule="closed", text=FLAWED, reason="Kept")
    approved.status = SurveyStatus.APPROVED
    approved.save()

    draft = services.revise_survey(program=program, user=owner)

    assert draft.number == 2 and draft.based_on == approved
    assert list(draft.questions.values_list("text", flat=True)) == [FLAWED]
    assert draft.questions.get().waivers.get().reason == "Kept"
    assert list(draft.factors.values_list("theme", flat=True)) == list(
        approved.factors.values_list("theme", flat=True)
    )
    assert approved_survey_for(program) == approved and draft_survey_for(program) == draft
    assert "a copy of version 1" in _logged(program, "survey.revised")
    with pytest.raises(SurveyError, match="already a draft"):
        services.revise_survey(program=program, user=owner)
