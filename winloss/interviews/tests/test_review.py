"""The rep's debrief (hidden from the interviewer until the interview is done) and the SOP
step 6 checklist: an incomplete record cannot be signed off and never counts in analysis."""

import pytest

from winloss.accounts.roles import Role
from winloss.interviews import services
from winloss.interviews.checklist import missing
from winloss.interviews.models import InterviewStatus, ValidationStatus
from winloss.interviews.queries import validated_interviews, validation_of
from winloss.interviews.review import services as reviews
from winloss.testing import make_member


@pytest.fixture
def rep(workspace):
    return make_member(workspace, Role.STAKEHOLDER, name="Rita Rep")  # owns make_deal's deals


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _write(interview, question, kind, text):
    note = interview.notes.filter(question=question, kind=kind).first()
    services.save_note(
        interview,
        question_id=question.pk if question else None,
        kind=kind,
        text=text,
        base_version=note.version if note else 0,
        user=interview.interviewer,
    )


def _complete_record(interview):
    criteria = interview.guide_version.questions.get(text__contains="mattered most")
    _write(interview, criteria, "quote", "Integration with our ERP mattered most.")
    _write(interview, None, "fact", "They chose Vector Solutions; their price was 20% lower.")
    _write(interview, None, "interpretation", "Lost on integration depth more than on price.")
    services.set_respondent_role(interview, role="evaluator", user=interview.interviewer)


def test_the_rep_gives_a_short_debrief_three_questions_for_a_win(client_for, rep, consented):
    url = f"/w/{consented.workspace.slug}/programs/{consented.program_id}/debriefs/"
    listing = client_for(rep).get(url).content.decode()
    assert "waiting for your debrief" in listing
    page = client_for(rep).get(f"{url}{consented.pk}/").content.decode()
    assert "What would you do differently?" not in page  # a win: three questions
    client_for(rep).post(f"{url}{consented.pk}/", {"main_reason": "product_fit", "what_else": ""})
    assert consented.debrief.main_reason == "product_fit"
    with pytest.raises(reviews.ReviewError, match="Only the deal's owner"):
        reviews.submit_debrief(consented, user=make_member(consented.workspace), main_reason="x")


def test_the_interviewer_sees_the_debrief_only_after_the_interview(
    rep, consented, interviewer, guide, people
):
    reviews.submit_debrief(consented, user=rep, main_reason="pricing_commercial")
    assert not reviews.debrief_visible_to(consented, interviewer)
    assert reviews.debrief_visible_to(consented, people["analyst"])
    interview = services.start_interview(consented, user=interviewer)
    _complete_record(interview)
    services.complete_interview(interview, user=interviewer)
    assert reviews.debrief_visible_to(consented, interviewer)


def test_a_missing_checklist_item_blocks_sign_off(interview, interviewer, people):
    _write(interview, None, "fact", "A short chat.")
    services.complete_interview(interview, user=interviewer)
    gaps = {item.key for item in missing(interview)}
    assert gaps == {"date_role", "criteria", "competitors", "pricing", "summary"} - {
        "date_role" if interview.respondent_role else ""
    }
    validation = validation_of(interview)
    with pytest.raises(reviews.ReviewError, match="Missing from the record"):
        reviews.sign_off(interview, user=people["reviewer"], expected_version=validation.version)
    assert not validated_interviews(interview.program).exists()


def test_return_fix_and_sign_off_then_it_counts(interview, interviewer, people):
    _write(interview, None, "fact", "A short chat.")
    services.complete_interview(interview, user=interviewer)
    validation = reviews.return_to_interviewer(
        interview,
        user=people["reviewer"],
        comments="Add the criteria and a summary",
        expected_version=1,
    )
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.IN_PROGRESS  # open again for the fix
    _complete_record(interview)
    services.complete_interview(interview, user=interviewer)
    validation.refresh_from_db()
    assert validation.status == ValidationStatus.PENDING
    assert missing(interview) == []
    reviews.sign_off(interview, user=people["reviewer"], expected_version=validation.version)
    assert list(validated_interviews(interview.program)) == [interview]


def test_absent_topics_confirmed_by_the_interviewer_are_not_gaps(interview, interviewer):
    criteria = interview.guide_version.questions.get(text__contains="mattered most")
    _write(interview, criteria, "quote", "Speed of rollout.")
    _write(interview, None, "interpretation", "They needed it live before the audit.")
    services.set_respondent_role(interview, role="user", user=interview.interviewer)
    assert {i.key for i in missing(interview)} == {"competitors", "pricing"}
    reviews.confirm_absent(interview, item="competitors", absent=True, user=interviewer)
    reviews.confirm_absent(interview, item="pricing", absent=True, user=interviewer)
    assert missing(interview) == []


def test_the_interviewer_cannot_validate_their_own_interview(interview, interviewer):
    _complete_record(interview)
    services.complete_interview(interview, user=interviewer)
    with pytest.raises(reviews.ReviewError, match="other than the interviewer"):
        reviews.sign_off(interview, user=interviewer, expected_version=1)


def test_the_validate_page_flags_incomplete_interviews(client_for, people, interview, interviewer):
    _write(interview, None, "fact", "A short chat.")
    services.complete_interview(interview, user=interviewer)
    url = f"/w/{interview.workspace.slug}/programs/{interview.program_id}/validate/"
    page = client_for(people["reviewer"]).get(url).content.decode()
    assert "Incomplete" in page and "Key decision criteria" in page
    review = client_for(people["reviewer"]).get(f"{url}{interview.pk}/").content.decode()
    assert "✗ Missing:</strong> Summary of the main reasons" in review


def test_the_rep_finds_their_debriefs_from_the_program_overview(client_for, rep, consented):
    overview = f"/w/{consented.workspace.slug}/programs/{consented.program_id}/"
    page = client_for(rep).get(overview).content.decode()
    assert f"{overview}debriefs/" in page


def test_the_closing_page_says_how_to_fill_each_gap(client_for, interview, interviewer):
    # A competitor the workspace does not list yet is not recognised in the notes.
    _write(interview, None, "fact", "They went with Northbank: it opened the account in days.")
    url = f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
    page = client_for(interviewer).get(f"{url}{interview.pk}/?q=999").content.decode()
    gap = next(line for line in page.split("<li") if "Competitor mentions" in line)
    assert "✗" in gap and "Competitors list" in gap and "No competitor came up" in gap
    summary = next(line for line in page.split("<li") if "Summary of the main reasons" in line)
    assert "interviewer interpretation on this closing page" in summary


def test_a_debrief_saved_meanwhile_is_shown_and_saving_again_works(client_for, rep, consented):
    url = f"/w/{consented.workspace.slug}/programs/{consented.program_id}/debriefs/{consented.pk}/"
    first = reviews.submit_debrief(consented, user=rep, main_reason="product_fit")
    opened_on = first.version
    # The rep saves from another tab while this one stays open on the first version.
    reviews.submit_debrief(consented, user=rep, main_reason="pricing_commercial")
    typed = {
        "main_reason": "implementation_risk",
        "what_else": "Their CFO knew ours.",
        "version": opened_on,
    }
    lost = client_for(rep).post(url, typed)
    page = lost.content.decode()
    assert lost.status_code == 200 and "Someone else saved this while you were editing" in page
    assert "What changed while you were editing" in page
    assert "Their CFO knew ours." in page  # what was typed is still in the form
    consented.debrief.refresh_from_db()
    assert consented.debrief.main_reason == "pricing_commercial"  # nothing overwritten
    # The form moved onto the saved version: saving it again, as it stands, works.
    again = lost.context["form"].data.dict()
    saved = client_for(rep).post(url, again)
    assert saved.status_code == 302
    consented.debrief.refresh_from_db()
    assert consented.debrief.main_reason == "implementation_risk"
    assert consented.debrief.what_else == "Their CFO knew ours."
