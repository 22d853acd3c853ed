"""Approval: only by the program owner or an admin, only once every finding is fixed or waived."""

import pytest

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.guides.models import GuideError, GuideStatus
from winloss.guides.queries import open_findings_count, review
from winloss.guides.services import approve_guide, edit_question, waive_finding
from winloss.testing import make_guide, make_program

NEUTRAL = "What criteria mattered most when you compared the options?"
FLAWED = "Did our award-winning support help you decide?"  # closed and praising


def _approve(version, user):
    version.refresh_from_db()
    return approve_guide(version=version, user=user, expected_version=version.version)


def _waive_all(question, user, reason="Kept on purpose: the buyer's own words.") -> None:
    for reviewed in review(question.guide_version):
        if reviewed.question.pk != question.pk:
            continue
        for finding in reviewed.open_findings:
            question.refresh_from_db()
            waive_finding(
                question=question,
                user=user,
                expected_version=question.version,
                rule=finding.finding.rule,
                reason=reason,
            )


def test_approval_is_blocked_while_a_finding_is_neither_fixed_nor_waived(workspace, people):
    version = make_guide(make_program(workspace), [NEUTRAL, FLAWED])

    with pytest.raises(GuideError, match="2 linter findings still open"):
        _approve(version, people["owner"])

    version.refresh_from_db()
    assert version.status == GuideStatus.DRAFT


def test_approval_is_allowed_once_every_finding_is_waived_with_a_reason(workspace, people):
    program = make_program(workspace)
    version = make_guide(program, [NEUTRAL, FLAWED])
    flawed = version.questions.get(text=FLAWED)

    _waive_all(flawed, people["owner"])
    approved = _approve(version, people["owner"])

    assert approved.status == GuideStatus.APPROVED and approved.approved_by == people["owner"]
    waivers = flawed.waivers.order_by("rule")
    assert [w.rule for w in waivers] == ["closed", "praise"]
    assert waivers[0].waived_by == people["owner"]
    sentences = [describe(e) for e in LogEntry.objects.for_object(program)]
    assert any("approved version 1 of the interview guide" in s for s in sentences)
    assert any("waived the Praise finding" in s and "the buyer's own words" in s for s in sentences)


def test_approval_is_allowed_once_the_flawed_wording_is_fixed(workspace, people):
    version = make_guide(make_program(workspace), [FLAWED])
    question = version.questions.get()

    edit_question(
        question=question,
        user=people["owner"],
        expected_version=question.version,
        text="How did our support shape your decision?",
        prompts=["Who dealt with support?"],
    )

    assert _approve(version, people["owner"]).status == GuideStatus.APPROVED


def test_a_waiver_no_longer_counts_once_the_question_text_changes(workspace, people):
    version = make_guide(make_program(workspace), [FLAWED])
    question = version.questions.get()
    _waive_all(question, people["owner"])
    assert open_findings_count(version) == 0

    question.refresh_from_db()
    edit_question(
        question=question,
        user=people["owner"],
        expected_version=question.version,
        text="Did our award-winning support team help you decide?",
        prompts=[],
    )

    assert open_findings_count(version) == 2
    with pytest.raises(GuideError, match="still open"):
        _approve(version, people["owner"])


def test_changing_only_the_prompts_keeps_the_waivers(workspace, people):
    version = make_guide(make_program(workspace), [FLAWED])
    question = version.questions.get()
    _waive_all(question, people["owner"])
    question.refresh_from_db()

    edit_question(
        question=question,
        user=people["owner"],
        expected_version=question.version,
        text=FLAWED,
        prompts=["Who dealt with support?"],
    )

    assert open_findings_count(version) == 0


def test_a_waiver_needs_a_reason_and_a_finding_that_is_there(workspace, people):
    question = make_guide(make_program(workspace), [FLAWED]).questions.get()

    with pytest.raises(GuideError, match="Say why"):
        waive_finding(
            question=question,
            user=people["owner"],
            expected_version=question.version,
            rule="closed",
            reason="  ",
        )
    with pytest.raises(GuideError, match="no longer finds"):
        waive_finding(
            question=question,
            user=people["owner"],
            expected_version=question.version,
            rule="jargon",
            reason="Not there at all",
        )


@pytest.mark.parametrize("role", ["analyst", "coordinator", "interviewer", "reviewer"])
def test_only_the_program_owner_or_an_admin_may_approve_even_through_the_service(
    workspace, people, role
):
    version = make_guide(make_program(workspace), [NEUTRAL])

    with pytest.raises(GuideError, match="Only the program owner"):
        _approve(version, people[role])

    assert _approve(version, people["admin"]).status == GuideStatus.APPROVED


def test_a_member_of_another_workspace_cannot_approve(workspace, outsider):
    version = make_guide(make_program(workspace), [NEUTRAL])

    with pytest.raises(GuideError, match="Only the program owner"):
        _approve(version, outsider)


def test_approval_is_refused_when_the_guide_changed_since_the_owner_opened_it(workspace, people):
    version = make_guide(make_program(workspace), [NEUTRAL])
    seen = version.version
    question = version.questions.get()
    edit_question(
        question=question,
        user=people["admin"],
        expected_version=question.version,
        text="What mattered most when you compared the options?",
        prompts=[],
    )

    with pytest.raises(GuideError, match="changed since you opened it"):
        approve_guide(version=version, user=people["owner"], expected_version=seen)


def test_an_empty_guide_cannot_be_approved(workspace, people):
    version = make_guide(make_program(workspace), [])

    with pytest.raises(GuideError, match="no questions"):
        _approve(version, people["owner"])


def test_an_approved_version_cannot_be_approved_again(workspace, people):
    version = make_guide(make_program(workspace), approved=True)

    with pytest.raises(GuideError, match="already approved"):
        _approve(version, people["owner"])
