"""A hostile Word file is refused in seconds, and no file is read while the database is held."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from winloss.hostile_files import docx_bomb, peak_memory
from winloss.interviews import services
from winloss.interviews.models import Transcript
from winloss.interviews.services import InterviewError
from winloss.interviews.transcripts.services import attach_transcript


@pytest.fixture
def interview(guide, transcription_consented, interviewer):
    return services.start_interview(transcription_consented, user=interviewer)


def _word_transcript() -> bytes:
    document = docx.Document()
    for line in ("Iris Interviewer: Why did you choose them?", "Bo Buyer: The price."):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_that_unpacks_to_50_mb_is_refused_unopened(interview, interviewer):
    bomb = docx_bomb(50)
    assert len(bomb) < 200 * 1024
    with peak_memory() as peak, pytest.raises(InterviewError) as refused:
        attach_transcript(interview, upload=SimpleUploadedFile("call.docx", bomb), user=interviewer)
    assert peak() < 20 * 1024 * 1024  # the 50 MB it would unpack to never comes to memory
    assert "call.docx cannot be read as a Word transcript: it unpacks to 50.0 MB" in str(
        refused.value
    )
    assert not Transcript.objects.exists()


def test_the_word_file_limit_is_a_setting(interview, interviewer, settings):
    settings.DOCUMENT_MAX_UNPACKED_MB = 0
    with pytest.raises(InterviewError, match="more than the 0 KB allowed"):
        attach_transcript(
            interview,
            upload=SimpleUploadedFile("call.docx", _word_transcript()),
            user=interviewer,
        )


# Committed rows, as in production: the test itself must not be inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_file_is_parsed_before_the_write_transaction_begins(
    interview, interviewer, monkeypatch
):
    seen: list[bool] = []
    real = docx.Document

    def reading(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx, "Document", reading)
    upload = SimpleUploadedFile("call.docx", _word_transcript())
    attached = attach_transcript(interview, upload=upload, user=interviewer)
    assert attached.transcript.turns.count() == 2 == attached.turns
    assert seen and not any(seen)
