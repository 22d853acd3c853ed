"""Cue and text details: byte-order marks, CRLF, unpadded times, order, speakers, Word files."""

import io

import docx
import pytest

from winloss.interviews.transcripts.formats import TranscriptError, Turn, parse_transcript


def test_a_vtt_with_a_bom_crlf_and_unpadded_times_reads():
    text = "WEBVTT\r\n\r\n1\r\n0:01.5 --> 0:03.250\r\nAnn Lee: Hello\r\n\r\n"
    text += "2\r\n1:02:03.4 --> 1:02:05.000\r\nBen Ode: Later\r\n"
    transcript = parse_transcript(text.encode("utf-8-sig"))
    assert transcript.turns == [
        Turn("Ann Lee", 1.5, 3.25, "Hello"),
        Turn("Ben Ode", 3723.4, 3725.0, "Later"),
    ]


def test_srt_times_read_their_fraction_as_a_fraction_of_a_second():
    text = "\ufeff1\r\n1:02:03,4 --> 1:02:05,000\r\nLater\r\n\r\n2\r\n0:00:01,5 --> 0:00:02,0\r\n"
    text += "[Ann Lee] First\r\n"
    transcript = parse_transcript(text.encode(), filename="call.srt")
    assert transcript.format == "srt"
    # Sorted by start; the file's first cue names no one, so it has no speaker.
    assert transcript.turns == [
        Turn("Ann Lee", 1.5, 2.0, "First"),
        Turn("", 3723.4, 3725.0, "Later"),
    ]


def test_an_srt_file_without_cue_numbers_reads_when_its_name_says_srt():
    text = "00:00:01,000 --> 00:00:02,000\nAnn: Hi\n\n00:00:02,000 --> 00:00:03,000\nthere\n"
    transcript = parse_transcript(text.encode(), filename="call.SRT")
    assert transcript.turns == [Turn("Ann", 1.0, 3.0, "Hi there")]


def test_srt_uppercase_names_and_bracketed_names_both_carry_forward():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nANN: Did price matter?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nIt did.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\n[Ben Ode] A lot.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\n[Music]\n\n"
        "5\n00:00:05,000 --> 00:00:06,000\nMostly the renewal.\n"
    )
    transcript = parse_transcript(text.encode())
    assert transcript.turns == [
        Turn("ANN", 1.0, 3.0, "Did price matter? It did."),
        Turn("Ben Ode", 3.0, 6.0, "A lot. [Music] Mostly the renewal."),
    ]


def test_a_sentence_with_a_colon_is_not_taken_for_a_speaker():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nSo here's the thing: we lost.\n"
    assert parse_transcript(text.encode()).turns == [
        Turn("", 1.0, 2.0, "So here's the thing: we lost.")
    ]


def test_two_voices_in_one_cue_are_two_turns():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Ready?</v>\n<v.loud Ben>Yes!</v>\n"
    assert parse_transcript(text.encode()).turns == [
        Turn("Ann", 1.0, 2.0, "Ready?"),
        Turn("Ben", 1.0, 2.0, "Yes!"),
    ]


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_of_name_colon_paragraphs_reads_as_turns():
    data = _docx(
        [
            "Interview with Globex, 3 March",
            "Priya Natarajan: Why did you choose another vendor?",
            "Dana Whitfield: Their price.",
            "Dana Whitfield: And the onboarding plan.",
        ]
    )
    transcript = parse_transcript(data, filename="globex.docx")
    assert transcript.format == "docx"
    assert transcript.turns == [
        Turn("Priya Natarajan", 0.0, None, "Why did you choose another vendor?"),
        Turn("Dana Whitfield", 0.0, None, "Their price. And the onboarding plan."),
    ]


def test_a_word_document_with_name_and_time_lines_reads_like_otter():
    data = _docx(["Priya Natarajan   0:03", "Why did you choose them?", "Dana\t0:09", "Price."])
    assert parse_transcript(data).turns == [
        Turn("Priya Natarajan", 3.0, None, "Why did you choose them?"),
        Turn("Dana", 9.0, None, "Price."),
    ]


def test_a_word_document_without_speakers_says_how_to_write_them():
    with pytest.raises(TranscriptError, match="the Word document has no speaker lines"):
        parse_transcript(_docx(["Just some notes.", "More notes."]), filename="notes.docx")
