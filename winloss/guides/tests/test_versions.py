"""Guide versions: seeded from the bank, frozen once approved, revised as a new draft copy."""

import pytest

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.deals.models import Outcome
from winloss.guides.models import GuideError, GuideStatus, GuideVersion, Question, Section, Waiver
from winloss.guides.queries import approved_version_for
from winloss.guides.services import (
    assert_usable,
    edit_question,
    revise_guide,
    start_guide,
    waive_finding,
)
from winloss.testing import make_guide, make_program


def test_a_new_guide_is_seeded_from_the_bank_for_the_outcomes_in_scope(workspace, people):
    program = make_program(workspace, deal_types=[Outcome.WON, Outcome.LOST])

    version = start_guide(program=program, user=people["owner"])

    assert version.number == 1 and version.status == GuideStatus.DRAFT
    sections = set(version.questions.values_list("section", flat=True))
    assert sections == {Section.COMMON, Section.WON, Section.LOST}
    assert version.questions.exclude(bank_key="").count() == version.questions.count()
    assert version.questions.filter(section=Section.COMMON).exclude(prompts=[]).exists()
    entry = LogEntry.objects.for_object(program).get(action="guide.started")
    assert "started the interview guide" in describe(entry)


def test_a_program_has_only_one_guide_to_start(workspace, people):
    program = make_program(workspace)
    start_guide(program=program, user=people["owner"])

    with pytest.raises(GuideError, match="already has a guide"):
        start_guide(program=program, user=people["owner"])


def test_an_approved_version_never_changes_whatever_the_path(workspace, people):
    version = make_guide(make_program(workspace), approved=True)
    question = version.questions.get()

    with pytest.raises(GuideError):
        edit_question(
            question=question,
            user=people["owner"],
            expected_version=question.version,
            text="What mattered most?",
            prompts=[],
        )
    question.text = "Rewritten behind the service's back"
    with pytest.raises(GuideError):
        question.save()
    with pytest.raises(GuideError):
        Question.objects.filter(pk=question.pk).update(text="Rewritten in bulk")
    with pytest.raises(GuideError):
        Question.objects.filter(pk=question.pk).delete()
    with pytest.raises(GuideError):
        Question.objects.create(guide_version=version, section="common", position=2, text="New?")
    with pytest.raises(GuideError):
        Waiver.objects.create(question=question, rule="closed", text="x", reason="y")
    version.status = GuideStatus.DRAFT
    with pytest.raises(GuideError):
        version.save()
    with pytest.raises(GuideError):
        GuideVersion.objects.filter(pk=version.pk).update(status=GuideStatus.DRAFT)

    question.refresh_from_db()
    assert question.text == "What criteria mattered most when you compared the options?"


def test_editing_an_approved_guide_creates_draft_n_plus_one_copying_its_questions(
    workspace, people
):
    program = make_program(workspace)
    approved = make_guide(
        program,
        [
            "What criteria mattered most?",
            (Section.LOST, "Did price matter?"),
        ],
    )
    closed = approved.questions.get(section=Section.LOST)
    waive_finding(
        question=closed,
        user=people["owner"],
        expected_version=closed.version,
        rule="closed",
        reason="A quick check before the open follow-ups.",
    )
    approved.refresh_from_db()
    approved.status = GuideStatus.APPROVED
    approved.save()

    draft = revise_guide(program=program, user=people["owner"])

    assert draft.number == 2 and draft.status == GuideStatus.DRAFT and draft.based_on == approved
    copied = list(draft.questions.values_list("section", "position", "text"))
    assert copied == list(approved.questions.values_list("section", "position", "text"))
    assert draft.questions.get(section=Section.LOST).waivers.get().reason.startswith("A quick")
    assert approved_version_for(program) == approved
    entry = LogEntry.objects.for_object(program).get(action="guide.revised")
    assert "started draft version 2" in describe(entry) and "a copy of version 1" in describe(entry)


def test_only_one_draft_is_open_at_a_time(workspace, people):
    program = make_program(workspace)
    make_guide(program, approved=True)
    revise_guide(program=program, user=people["owner"])

    with pytest.raises(GuideError, match="already a draft"):
        revise_guide(program=program, user=people["owner"])


def test_interviews_use_the_latest_approved_version_and_never_a_draft(workspace, people):
    program = make_program(workspace)
    assert approved_version_for(program) is None
    with pytest.raises(GuideError, match="no approved interview guide"):
        assert_usable(approved_version_for(program))

    first = make_guide(program, approved=True)
    second = make_guide(program, approved=True)
    draft = make_guide(program)

    assert approved_version_for(program) == second
    assert assert_usable(first) == first
    with pytest.raises(GuideError, match="is a draft"):
        assert_usable(draft)


def test_deleting_a_program_removes_its_guide_versions_even_approved_ones(workspace, people):
    program = make_program(workspace)
    make_guide(program, approved=True)
    revise_guide(program=program, user=people["owner"])

    program.delete()

    assert not GuideVersion.objects.exists() and not Question.objects.exists()
