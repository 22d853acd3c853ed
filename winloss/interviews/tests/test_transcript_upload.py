"""Transcripts through the test client: consent decides, the turns are kept, speakers are
guessed and corrected, and a passage becomes a quote in the notes."""

from dataclasses import replace
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from winloss.activity.models import LogEntry
from winloss.interviews import services
from winloss.interviews.models import Interview, Note, Transcript, TranscriptTurn
from winloss.interviews.tests.conftest import ALLOWED, TRANSCRIBED
from winloss.interviews.transcripts.formats import TranscriptError, Turn, parse_transcript
from winloss.interviews.transcripts.services import guess_roles
from winloss.outreach.services import record_consent

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "transcripts"
DATA = Path(__file__).resolve().parent / "data"
SHARED_FILES = sorted(SHARED.glob("*")) if SHARED.is_dir() else []

CALL = b"""WEBVTT

00:00:01.000 --> 00:00:04.000
Iris Interviewer: How did your team decide which vendors to evaluate?

00:00:05.000 --> 00:00:20.000
Bo Buyer: Our CFO made the shortlist. Price mattered, but the ERP integration decided it.

00:01:07.500 --> 00:01:10.000
Sam Seller: Sorry, I have to drop off.

00:01:11.000 --> 00:01:30.000
Bo Buyer: Honestly the onboarding plan from Vector Solutions felt safer.
"""


@pytest.fixture
def interview(guide, transcription_consented, interviewer):
    return services.start_interview(transcription_consented, user=interviewer)


@pytest.fixture
def notes_only(guide, consented, interviewer):
    """An interview whose respondent allowed notes, but neither recording nor a transcript."""
    return services.start_interview(consented, user=interviewer)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _url(interview: Interview, tail: str = "") -> str:
    return (
        f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
        f"{interview.pk}/transcripts/{tail}"
    )


def _post(client, url: str, data: dict):
    """Post as a browser does: then open the page it redirects to, which shows the messages."""
    response = client.post(url, data)
    if response.status_code == 302:
        client.get(response["Location"])
    return response


def _upload(client, interview, data: bytes, name: str = "call.vtt", **fields):
    return _post(
        client, _url(interview, "upload/"), {"file": SimpleUploadedFile(name, data), **fields}
    )


def _said(response) -> list[str]:
    """The messages this response queued for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def _nothing_stored(media: Path | None = None) -> None:
    assert Transcript.objects.count() == 0
    assert TranscriptTurn.objects.count() == 0
    assert not LogEntry.objects.filter(action="interview.transcript_attached").exists()
    if media is not None:
        assert not media.exists() or not any(media.rglob("*"))


def test_an_upload_posted_without_any_consent_record_is_refused_and_nothing_is_kept(
    client_for, interviewer, guide, entry, media
):
    # No consent at all: only possible for an interview made outside start_interview, which
    # is exactly what the service must not trust the page to prevent.
    interview = Interview.objects.create(
        workspace=entry.workspace,
        program=entry.program,
        entry=entry,
        guide_version=guide,
        interviewer=interviewer,
    )
    response = _upload(client_for(interviewer), interview, CALL)
    assert response.status_code == 302
    assert _said(response) == [
        "No consent is recorded for this interview, so no transcript may be attached: the "
        "respondent must allow a transcript of the call."
    ]
    _nothing_stored(media)


def test_an_upload_posted_when_recording_and_transcription_were_refused_is_refused(
    client_for, interviewer, notes_only, media
):
    response = _upload(client_for(interviewer), notes_only, CALL)
    assert _said(response) == [
        "The respondent did not allow a transcript of the call, so none may be attached. "
        "Keep to your notes."
    ]
    _nothing_stored(media)
    # The page says why instead of offering the form.
    page = client_for(interviewer).get(_url(notes_only)).content.decode()
    assert "did not allow a transcript" in page
    assert 'type="file"' not in page


def test_the_latest_consent_decides_so_a_withdrawn_transcript_consent_refuses(
    client_for, interviewer, interview
):
    record_consent(interview.appointment, ALLOWED, given_by="The buyer, by email")
    response = _upload(client_for(interviewer), interview, CALL)
    assert "did not allow a transcript" in _said(response)[0]
    _nothing_stored()


def test_consent_to_recording_alone_is_not_enough(client_for, interviewer, notes_only):
    # Recording allowed, a transcript not: a transcript is a transcription, so it is refused.
    recorded = replace(TRANSCRIBED, transcription_allowed=False)
    record_consent(notes_only.appointment, recorded, given_by="The buyer")
    response = _upload(client_for(interviewer), notes_only, CALL)
    assert "did not allow a transcript" in " ".join(_said(response))
    assert not Transcript.objects.exists()


@pytest.mark.skipif(not SHARED_FILES, reason=f"the shared transcripts are not at {SHARED}")
@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda p: p.name)
def test_each_real_transcript_uploads_and_keeps_its_turns(
    client_for, interviewer, interview, media, path
):
    data = path.read_bytes()
    expected = parse_transcript(data, filename=path.name)
    response = _upload(client_for(interviewer), interview, data, name=path.name)
    transcript = Transcript.objects.get()
    assert response["Location"] == _url(interview, f"{transcript.pk}/")
    assert (transcript.filename, transcript.format) == (path.name, expected.format)
    assert transcript.uploaded_by == interviewer
    stored = [Turn(t.speaker, t.start, t.end, t.text) for t in transcript.turns.all()]
    assert stored == expected.turns
    assert set(transcript.speaker_map) == set(expected.speakers)
    assert not media.exists()  # only the turns are kept, never the file
    page = client_for(interviewer).get(response["Location"]).content.decode()
    timed = next(t for t in transcript.turns.all() if t.start is not None)
    assert f"<time>{timed.at}</time>" in page


def test_a_long_transcript_keeps_every_turn_in_order_across_insert_batches(
    client_for, interviewer, interview
):
    # 400 turns: more than one multi-row INSERT holds on SQLite (166 turns a statement).
    cues = "".join(
        f"\n{n // 60:02}:{n % 60:02}.000 --> {n // 60:02}:{n % 60:02}.500\n"
        f"{'Bo Buyer' if n % 2 else 'Iris Interviewer'}: turn {n}\n"
        for n in range(400)
    )
    response = _upload(client_for(interviewer), interview, f"WEBVTT\n{cues}".encode())
    assert response.status_code == 302
    transcript = Transcript.objects.get()
    stored = list(transcript.turns.values_list("position", "text", "start"))
    assert stored == [(n + 1, f"turn {n}", float(n)) for n in range(400)]
    assert "400 turns kept" in " ".join(_said(response))


def test_an_upload_reads_the_interview_and_its_checks_in_one_query(
    client_for, interviewer, interview, django_assert_max_num_queries
):
    client = client_for(interviewer)
    _upload(client, interview, CALL)  # the first upload also caches the log's content type
    # The session, user, time zone and membership every page reads; the interview with its
    # checks; then the transaction: consent again, the transcript, its turns, the log entry
    # and the workspace's new figures token.
    with django_assert_max_num_queries(12):
        response = client.post(
            _url(interview, "upload/"), {"file": SimpleUploadedFile("call.vtt", CALL)}
        )
    assert response.status_code == 302
    assert Transcript.objects.count() == 2


def test_times_read_as_minutes_and_seconds():
    assert TranscriptTurn(start=307.98).at == "5:07"
    assert TranscriptTurn(start=3725.0).at == "1:02:05"
    assert TranscriptTurn(start=None).at == ""


def test_speakers_are_guessed_and_the_interviewer_can_correct_them(
    client_for, interviewer, interview
):
    client = client_for(interviewer)
    _upload(client, interview, CALL)
    transcript = Transcript.objects.get()
    # Iris is named like the interviewer; Bo says the most; Sam is someone else.
    assert transcript.speaker_map == {
        "Iris Interviewer": "interviewer",
        "Bo Buyer": "respondent",
        "Sam Seller": "other",
    }
    page = client.get(_url(interview, f"{transcript.pk}/")).content.decode()
    assert '<strong>Bo Buyer</strong> <small class="muted">(Respondent)</small>' in page

    # Fields follow the order of first appearance: Iris, Bo, Sam.
    response = _post(
        client,
        _url(interview, f"{transcript.pk}/speakers/"),
        {"speaker_0": "interviewer", "speaker_1": "respondent", "speaker_2": "respondent"},
    )
    assert _said(response) == ["Speakers saved."]
    transcript.refresh_from_db()
    assert transcript.speaker_map["Sam Seller"] == "respondent"
    entry = LogEntry.objects.get(action="interview.transcript_speakers_mapped")
    assert entry.data["roles"] == "Sam Seller as respondent"

    refused = _post(client, _url(interview, f"{transcript.pk}/speakers/"), {"speaker_0": "boss"})
    assert _said(refused) == ["Choose interviewer, respondent or other for each speaker."]


def test_with_two_speakers_and_no_name_match_the_one_who_talks_less_is_the_interviewer(
    interviewer,
):
    turns = [
        Turn("Host", 0.0, 1.0, "Why did you choose them?"),
        Turn("Guest", 1.0, 9.0, "Their support team answered within the hour, every time."),
    ]
    assert guess_roles(turns, interviewer=interviewer) == {
        "Host": "interviewer",
        "Guest": "respondent",
    }
    # A first name alone, or a title before the name, still matches the interviewer.
    for name in ("Iris", "Dr. Iris Interviewer"):
        roles = guess_roles([Turn(name, 0.0, 1.0, "And then?"), *turns], interviewer=interviewer)
        assert roles == {name: "interviewer", "Host": "other", "Guest": "respondent"}


def test_a_passage_becomes_a_quote_appended_to_the_note_with_its_time(
    client_for, interviewer, interview
):
    client = client_for(interviewer)
    _upload(client, interview, CALL)
    transcript = Transcript.objects.get()
    question = interview.guide_version.questions.order_by("position").first()
    services.save_note(
        interview,
        question_id=question.pk,
        kind="quote",
        text="Typed during the call.",
        base_version=0,
        user=interviewer,
    )
    quote = _url(interview, f"{transcript.pk}/quote/")
    response = _post(
        client,
        quote,
        {"turn": 2, "passage": "  the ERP integration decided it.", "question": question.pk},
    )
    assert response["Location"].endswith(f"/{transcript.pk}/#turn-2")
    assert _said(response) == [f"Added to the quotes under “{question.text}”."]
    _post(client, quote, {"turn": 4, "passage": "the onboarding plan", "question": question.pk})

    note = Note.objects.get(interview=interview, question=question, kind="quote")
    assert note.text == (
        "Typed during the call.\n\n"
        "“the ERP integration decided it.” (respondent, from the transcript at 0:05)\n\n"
        "“the onboarding plan” (respondent, from the transcript at 1:11)"
    )
    assert note.version == 3 and note.revisions.count() == 3
    assert LogEntry.objects.filter(action="interview.transcript_quoted").count() == 2

    # With no question chosen, the passage goes to the closing notes.
    _post(client, quote, {"turn": 3, "passage": "Sorry, I have to drop off.", "question": ""})
    general = Note.objects.get(interview=interview, question=None, kind="quote")
    assert general.text == "“Sorry, I have to drop off.” (other, from the transcript at 1:07)"


def test_the_page_opens_the_quote_form_of_one_turn_at_a_time(client_for, interviewer, interview):
    client = client_for(interviewer)
    _upload(client, interview, CALL)
    page = _url(interview, f"{Transcript.objects.get().pk}/")
    assert 'name="passage"' not in client.get(page).content.decode()
    quoting = client.get(page + "?quote=2").content.decode()
    assert quoting.count('name="passage"') == 1
    assert (
        ">Our CFO made the shortlist. Price mattered, but the ERP integration decided it."
        "</textarea>" in quoting
    )


def test_a_quote_keeps_the_words_as_said(client_for, interviewer, interview):
    client = client_for(interviewer)
    _upload(client, interview, CALL)
    transcript = Transcript.objects.get()
    question = interview.guide_version.questions.order_by("position").first()
    response = client.post(
        _url(interview, f"{transcript.pk}/quote/"),
        {"turn": 2, "passage": "Price was all that mattered", "question": question.pk},
    )
    assert response.status_code == 400
    assert "keeps the words as said" in _said(response)[0]
    assert not Note.objects.filter(interview=interview).exists()
    # The page comes back with the words as typed and the question as chosen, to fix.
    page = response.content.decode()
    assert ">Price was all that mattered</textarea>" in page
    assert f'<option value="{question.pk}" selected>' in page


def test_a_corrupt_file_shows_the_parsers_error_and_keeps_nothing(
    client_for, interviewer, interview, media
):
    data = (DATA / "truncated_header.vtt").read_bytes()
    with pytest.raises(TranscriptError) as parsed:
        parse_transcript(data, filename="truncated_header.vtt")
    response = _upload(client_for(interviewer), interview, data, name="truncated_header.vtt")
    assert _said(response) == [str(parsed.value)]
    _nothing_stored(media)


def test_a_chosen_format_that_does_not_fit_is_refused_with_the_readers_message(
    client_for, interviewer, interview
):
    response = _upload(client_for(interviewer), interview, CALL, format="gong_json")
    assert _said(response)[0].startswith("call.vtt cannot be read as a Gong transcript:")
    _nothing_stored()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    client_for, interviewer, interview, media
):
    big = CALL + b"\n" * (5 * 1024 * 1024)
    response = _upload(client_for(interviewer), interview, big)
    assert _said(response) == [
        "call.vtt is 5.0 MB; a transcript may be at most 5 MB. Upload the transcript the tool "
        "exports (.vtt, .srt, .txt, .docx or .json), not the recording."
    ]
    _nothing_stored(media)


def test_the_screen_links_to_the_transcripts_and_says_when_uploads_are_refused(
    client_for, interviewer, interview
):
    client = client_for(interviewer)
    screen = f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
    page = client.get(screen + f"{interview.pk}/").content.decode()
    assert f'href="{_url(interview)}#upload">Upload a transcript</a>' in page
    _upload(client, interview, CALL)
    page = client.get(screen + f"{interview.pk}/").content.decode()
    assert f'href="{_url(interview, f"{Transcript.objects.get().pk}/")}">call.vtt</a>' in page


def test_the_screen_says_why_uploads_are_refused(client_for, interviewer, notes_only):
    screen = (
        f"/w/{notes_only.workspace.slug}/programs/{notes_only.program_id}/interviews/"
        f"{notes_only.pk}/"
    )
    page = client_for(interviewer).get(screen).content.decode()
    assert "did not allow a transcript" in page
    assert "Upload a transcript</a>" not in page


def test_reviewers_read_a_transcript_but_cannot_quote_from_it(
    client_for, interviewer, people, interview
):
    _upload(client_for(interviewer), interview, CALL)
    transcript = Transcript.objects.get()
    page = client_for(people["reviewer"]).get(_url(interview, f"{transcript.pk}/"))
    assert "Bo Buyer" in page.content.decode()
    assert "Quote this" not in page.content.decode()
    denied = client_for(people["reviewer"]).post(
        _url(interview, f"{transcript.pk}/quote/"), {"turn": 2, "passage": "Price"}
    )
    assert denied.status_code == 403


def test_a_completed_interview_keeps_its_notes_as_they_are(client_for, interviewer, interview):
    client = client_for(interviewer)
    _upload(client, interview, CALL)
    transcript = Transcript.objects.get()
    services.save_note(
        interview,
        question_id=None,
        kind="fact",
        text="Met the CFO",
        base_version=0,
        user=interviewer,
    )
    services.complete_interview(interview, user=interviewer)
    page = client.get(_url(interview, f"{transcript.pk}/")).content.decode()
    assert "can no longer be quoted" in page and "Quote this" not in page
    response = _post(
        client, _url(interview, f"{transcript.pk}/quote/"), {"turn": 2, "passage": "Price mattered"}
    )
    assert _said(response) == ["This interview is completed: its notes no longer change."]
