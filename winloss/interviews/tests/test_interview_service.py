"""Starting an interview on the approved guide, saving notes without losing a word."""

import pytest

from winloss.guides.models import GuideStatus, Section
from winloss.interviews import services
from winloss.interviews.models import InterviewStatus, NoteRevision
from winloss.interviews.recognise import competitor_patterns, recognise
from winloss.interviews.screen import questions_for
from winloss.interviews.tests.conftest import ALLOWED
from winloss.outreach.models import AppointmentStatus
from winloss.outreach.queries import latest_consent
from winloss.programs.models import EntryStatus
from winloss.testing import make_guide


def test_an_interview_cannot_start_without_an_approved_guide(program, consented, interviewer):
    with pytest.raises(services.InterviewError, match="no approved interview guide"):
        services.start_interview(consented, user=interviewer)
    make_guide(program, ["What mattered most?"])  # a draft
    with pytest.raises(services.InterviewError, match="approved"):
        services.start_interview(consented, user=interviewer)


def test_an_interview_needs_consent_to_take_notes(guide, entry, interviewer):
    with pytest.raises(services.InterviewError, match="Confirm the respondent's consent"):
        services.start_interview(entry, user=interviewer)
    interview = services.start_interview(entry, user=interviewer, confirmed=ALLOWED)
    consent = latest_consent(interview)
    assert consent.given_by.endswith("(confirmed at the start of the interview)")


def test_the_deal_owner_cannot_interview(guide, consented, workspace):
    from winloss.accounts.roles import Role
    from winloss.testing import make_member

    rep = make_member(workspace, Role.INTERVIEWER, name="Rita Rep")  # make_deal's owner_name
    with pytest.raises(services.InterviewError, match="neutral interviewer"):
        services.start_interview(consented, user=rep)


def test_the_interview_keeps_the_exact_guide_version(guide, consented, interviewer, program):
    interview = services.start_interview(consented, user=interviewer)
    assert interview.guide_version == guide and guide.status == GuideStatus.APPROVED
    make_guide(program, ["A newer question?"], approved=True)
    interview.refresh_from_db()
    assert interview.guide_version == guide
    # The common questions, then the deal's own outcome's (a won deal: not the lost one).
    texts = [q.text for q in questions_for(interview)]
    assert texts == [
        "How did your team decide which vendors to evaluate?",
        "What mattered most when you compared the options?",
        "What made you confident enough to sign?",
    ]
    assert services.start_interview(consented, user=interviewer) == interview


def test_notes_save_with_revisions_and_a_stale_save_writes_nothing(
    guide, consented, interviewer, people
):
    interview = services.start_interview(consented, user=interviewer)
    question = guide.questions.filter(section=Section.COMMON).first()
    first = services.save_note(
        interview,
        question_id=question.pk,
        kind="quote",
        text="We",
        base_version=0,
        user=interviewer,
    )
    assert first.note.version == 1 and not first.conflict
    second = services.save_note(
        interview,
        question_id=question.pk,
        kind="quote",
        text="We compared three",
        base_version=1,
        user=interviewer,
    )
    assert second.note.version == 2
    stale = services.save_note(
        interview,
        question_id=question.pk,
        kind="quote",
        text="Something else entirely",
        base_version=1,
        user=interviewer,  # from a second tab, say
    )
    assert stale.conflict and stale.note.text == "We compared three"
    assert list(NoteRevision.objects.values_list("text", flat=True)) == ["We compared three", "We"]
    # Two pages creating the same note: the second sees the first, not an error.
    clash = services.save_note(
        interview,
        question_id=question.pk,
        kind="quote",
        text="Other",
        base_version=0,
        user=interviewer,
    )
    assert clash.conflict


def test_notes_stay_apart_by_kind_and_question(guide, consented, interviewer):
    interview = services.start_interview(consented, user=interviewer)
    q1, q2 = guide.questions.filter(section=Section.COMMON)[:2]
    for question, kind in [(q1, "quote"), (q1, "fact"), (q2, "quote"), (None, "interpretation")]:
        services.save_note(
            interview,
            question_id=question.pk if question else None,
            kind=kind,
            text=f"{kind} on {question}",
            base_version=0,
            user=interviewer,
        )
    assert interview.notes.count() == 4
    lost_only = guide.questions.get(section=Section.LOST)
    assert lost_only.text.startswith("What did the vendor")
    with pytest.raises(services.InterviewError, match="not in this interview's guide"):
        services.save_note(
            interview, question_id=10**6, kind="quote", text="x", base_version=0, user=interviewer
        )


def test_completing_marks_the_sample_and_the_appointment(guide, consented, interviewer):
    interview = services.start_interview(consented, user=interviewer)
    with pytest.raises(services.InterviewError, match="Nothing is written"):
        services.complete_interview(interview, user=interviewer)
    services.save_note(
        interview,
        question_id=None,
        kind="fact",
        text="Chose on price",
        base_version=0,
        user=interviewer,
    )
    services.complete_interview(interview, user=interviewer)
    consented.refresh_from_db()
    assert consented.status == EntryStatus.INTERVIEWED and consented.interviewed_on
    assert interview.appointment.__class__.objects.get(pk=interview.appointment_id).status == (
        AppointmentStatus.COMPLETED
    )
    assert interview.status == InterviewStatus.COMPLETED
    with pytest.raises(services.InterviewError, match="completed"):
        services.save_note(
            interview, question_id=None, kind="fact", text="late", base_version=1, user=interviewer
        )


def test_competitors_and_pricing_are_recognised(workspace, program):
    mentions = recognise(
        "We went with VectorSol; their list price was $40k, a 15% discount.",
        competitor_patterns(workspace),
    )
    assert [(m.kind, m.competitor or m.text) for m in mentions] == [
        ("competitor", "Vector Solutions"),
        ("pricing", "list price"),
        ("pricing", "$40k"),
        ("pricing", "15% discount"),
    ]
