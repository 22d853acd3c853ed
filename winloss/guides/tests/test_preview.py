"""The preview: exactly the questions the interviewer follows for one outcome, in order."""

from winloss.deals.models import Outcome
from winloss.guides.models import GuideStatus, Section
from winloss.guides.queries import preview
from winloss.guides.services import move_question
from winloss.testing import make_guide, make_program

QUESTIONS = [
    "What criteria mattered most?",
    (Section.WON, "What made you choose us in the end?"),
    (Section.LOST, "What led you to choose the vendor you selected?"),
    "Who was involved in the decision?",
    (Section.NO_DECISION, "What led your team to stop the project?"),
]


def _texts(sections):
    return [(s.section, s.start, [q.text for q in s.questions]) for s in sections]


def test_preview_shows_the_common_section_then_the_outcomes_own_in_order(workspace):
    version = make_guide(make_program(workspace), QUESTIONS)

    assert _texts(preview(version, Outcome.LOST)) == [
        (Section.COMMON, 1, ["What criteria mattered most?", "Who was involved in the decision?"]),
        (Section.LOST, 3, ["What led you to choose the vendor you selected?"]),
    ]
    assert _texts(preview(version, Outcome.WON))[1] == (
        Section.WON,
        3,
        ["What made you choose us in the end?"],
    )


def test_a_stalled_deal_is_asked_the_no_decision_questions(workspace):
    version = make_guide(make_program(workspace), QUESTIONS)

    assert [s.section for s in preview(version, Outcome.STALLED)] == [
        Section.COMMON,
        Section.NO_DECISION,
    ]


def test_preview_follows_the_order_the_owner_set(workspace, people):
    version = make_guide(make_program(workspace), QUESTIONS)
    second = version.questions.get(text="Who was involved in the decision?")

    move_question(question=second, user=people["owner"], direction="up")

    common = preview(version, Outcome.WON)[0]
    assert [q.text for q in common.questions] == [
        "Who was involved in the decision?",
        "What criteria mattered most?",
    ]


def test_preview_page_shows_questions_and_prompts_for_the_chosen_outcome(
    workspace, people, client_for
):
    program = make_program(workspace)
    version = make_guide(program, QUESTIONS)
    question = version.questions.get(section=Section.LOST)
    question.prompts = ["At what point did that vendor pull ahead?"]
    question.save()
    version.status = GuideStatus.APPROVED
    version.save()
    client = client_for(people["interviewer"])

    page = client.get(
        f"/w/acme/programs/{program.pk}/guide/preview/?outcome=lost&version=1"
    ).content.decode()

    assert "What led you to choose the vendor you selected?" in page
    assert "What made you choose us in the end?" not in page
    assert "What criteria mattered most?" in page
    assert '<ol start="3">' in page
    assert "At what point did that vendor pull ahead?" in page
    assert "interviews cannot use this version" not in page


def test_preview_of_a_draft_says_interviews_cannot_use_it(workspace, people, client_for):
    program = make_program(workspace)
    make_guide(program, QUESTIONS)

    page = client_for(people["owner"]).get(f"/w/acme/programs/{program.pk}/guide/preview/")

    assert "interviews cannot use this version" in page.content.decode()
