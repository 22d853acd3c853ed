"""Suggested codes: shown with their words, accepted or rejected by a person, never applied
alone; a program-wide job stores them and another retrains the model from accepted codes."""

from winloss.activity.models import LogEntry
from winloss.coding.models import (
    CodedExcerpt,
    CodingJob,
    Decision,
    Suggestion,
    SuggestionDecision,
    ThemeModel,
)
from winloss.coding.queries import codebook_for
from winloss.coding.suggest import Model
from winloss.coding.suggest import jobs as suggestion_jobs
from winloss.coding.suggest import services as suggestion_services
from winloss.jobs.models import JobStatus
from winloss.testing import make_interview


def _price_note(interview):
    return interview.notes.get(text__contains="thirty percent")


def test_uncoded_passages_show_suggestions_with_their_words_and_nothing_is_coded(
    client_for, analyst, interview, coding_url
):
    page = client_for(analyst).get(coding_url).content.decode()
    assert "Suggested:" in page and "Pricing and commercial terms</strong>" in page
    assert "Accept" in page and "Reject" in page
    assert not CodedExcerpt.objects.exists()


def test_accepting_codes_the_whole_passage_and_records_the_decision(
    client_for, analyst, interview, coding_url, workspace
):
    note = _price_note(interview)
    pricing = next(t for t in codebook_for(workspace) if t.slug == "pricing_commercial")
    client_for(analyst).post(
        coding_url + "accept/",
        {
            "passage": f"note-{note.pk}",
            "theme": pricing.pk,
            "direction": "loss_driver",
            "score": "0.4",
        },
    )
    excerpt = CodedExcerpt.objects.get()
    assert (excerpt.text, excerpt.theme, excerpt.coder) == (note.text, pricing, analyst)
    decision = SuggestionDecision.objects.get()
    assert decision.decision == Decision.ACCEPTED and decision.score == 0.4


def test_a_rejected_theme_is_not_suggested_for_that_passage_again(
    client_for, analyst, interview, coding_url, workspace
):
    note = _price_note(interview)
    pricing = next(t for t in codebook_for(workspace) if t.slug == "pricing_commercial")
    client = client_for(analyst)
    client.post(coding_url + "reject/", {"passage": f"note-{note.pk}", "theme": pricing.pk})
    assert SuggestionDecision.objects.get().decision == Decision.REJECTED
    assert not CodedExcerpt.objects.exists()
    assert LogEntry.objects.filter(action="suggestion.rejected").exists()
    page = client.get(coding_url).content.decode()
    passage_html = page[page.index(f'id="note-{note.pk}"') :]
    passage_html = passage_html[: passage_html.index("</li>", passage_html.index("Suggested:"))]
    assert "Pricing and commercial terms</strong>" not in passage_html


def test_the_program_job_stores_suggestions_for_uncoded_passages_with_progress(
    client_for, analyst, interview, program, django_capture_on_commit_callbacks
):
    make_interview(program, ["Implementation would have taken our IT team nine months."])
    make_interview(program, ["Pending review."], validated=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(analyst).post(f"/w/acme/programs/{program.pk}/code/suggest/")
    assert response.status_code == 302
    job = CodingJob.objects.get(kind="suggest").job
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and (job.done, job.total) == (2, 2)
    stored = Suggestion.objects.filter(program=program)
    assert stored.exists() and not stored.exclude(interview__validation__status="signed_off")
    assert set(stored.values_list("rank", flat=True)) <= {1, 2, 3}
    page = client_for(analyst).get(f"/w/acme/programs/{program.pk}/code/").content.decode()
    assert "suggestions to review" in page and "<progress" not in page  # finished


def test_a_running_job_shows_a_progress_bar_on_the_program_page(client_for, analyst, program):
    suggestion_jobs.start_program_suggestions(program=program, user=analyst)  # not run yet
    page = client_for(analyst).get(f"/w/acme/programs/{program.pk}/code/").content.decode()
    assert "<progress" in page and "Waiting to start" in page


def test_retraining_learns_from_the_accepted_codes_and_the_screen_uses_the_model(
    client_for, analyst, interview, program, workspace, coding_url,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    themes = {t.slug: t for t in codebook_for(workspace)}
    note = _price_note(interview)
    suggestion_services.accept_suggestion(
        interview=interview,
        passage_key=f"note-{note.pk}",
        theme=themes["pricing_commercial"],
        direction="loss_driver",
        user=analyst,
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(analyst).post(f"/w/acme/programs/{program.pk}/code/retrain/")
    stored = ThemeModel.objects.get()
    assert stored.examples == 1
    model = Model.loads(bytes(stored.data))
    assert "pricing_commercial" in model.themes
    assert suggestion_services.stored_model(workspace) is not None
    assert "Suggested:" in client_for(analyst).get(coding_url).content.decode()
