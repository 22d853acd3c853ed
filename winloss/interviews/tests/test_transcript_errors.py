"""Files that are not transcripts, or damaged ones: one TranscriptError saying why, nothing else."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winloss.interviews.transcripts.formats import TranscriptError, parse_transcript

DATA = Path(__file__).resolve().parent / "data"


def _error(data: bytes, **options) -> str:
    with pytest.raises(TranscriptError) as raised:
        parse_transcript(data, **options)
    return str(raised.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.vtt", "empty.vtt is not a transcript format winloss reads: the file is empty"),
        (
            "truncated_header.vtt",
            "truncated_header.vtt cannot be read as WebVTT: a WebVTT file starts "
            "with the line WEBVTT, and this one starts with 'WEBVT'",
        ),
        (
            "wrong_shape.json",
            "wrong_shape.json is not a transcript format winloss reads: it is JSON, but not of a "
            "transcript shape winloss knows (its keys are version, captions)",
        ),
    ],
)
def test_a_damaged_or_foreign_file_says_what_is_wrong(name, message):
    assert _error((DATA / name).read_bytes(), filename=name).startswith(message)


def test_cue_timings_without_a_header_or_cue_numbers_are_explained():
    message = _error(b"00:00:01.000 --> 00:00:02.000\nAnn: Hello\n")
    assert message.startswith("This file is not a transcript format winloss reads: it has cue")
    assert "first line was cut off" in message


def test_binary_garbage_is_refused_as_binary():
    message = _error(bytes(range(256)) * 4, filename="call.bin")
    assert (
        message
        == "call.bin is not a transcript format winloss reads: it holds binary data, not text"
    )


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"%PDF-1.7\n...", "it is a PDF document"),
        (b"ID3\x04\x00" + bytes(50), "it is an audio file; upload its transcript"),
        (b"Dear team, here are my notes from the call.", "it has no cues or speaker lines"),
    ],
)
def test_other_files_name_what_they_are_and_what_winloss_reads(data, found):
    message = _error(data, filename="upload")
    assert message.startswith(f"upload is not a transcript format winloss reads: {found}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n\n2\n00:00:61.000 --> 00:01:02.000\nX",
            "This file cannot be read as WebVTT: Line 8: '00:00:61.000' is not a time",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 -> 00:00:03,000\nX\n",
            "This file cannot be read as SubRip: Line 5: expected a cue number and a timing",
        ),
        (
            '{"segments": [{"speaker": "A", "startTime": "soon", "body": "Hi"}]}',
            "This file cannot be read as a Podcasting 2.0 transcript: Segment 1's startTime is "
            "'soon', not a number of seconds",
        ),
        (
            '{"callTranscripts": [{"callId": "1", "transcript": []}, {"callId": "2"}]}',
            "This file cannot be read as a Gong transcript: this Gong export holds 2 calls",
        ),
        (
            '{"sentences": [{"speaker_name": "A", "start_time": 1, "text": 5}]}',
            "This file cannot be read as a Fireflies transcript: Sentence 1's text is 5, not text",
        ),
        ('{"sentences": [1, 2', "it is not valid JSON (line 1, column 20"),
        ("WEBVTT\n\nNOTE nothing said\n", "This file holds no spoken text"),
    ],
)
def test_a_bad_cue_or_field_is_named(text, message):
    assert message in _error(text.encode())


def test_a_format_winloss_does_not_know_is_refused():
    assert _error(b"WEBVTT\n", format="sbv").startswith(
        "'sbv' is not a transcript format winloss reads: choose one of webvtt, srt, meet"
    )


def test_a_file_read_as_the_wrong_format_says_so():
    message = _error((DATA / "otter_interview.txt").read_bytes(), format="webvtt")
    assert message.startswith("This file cannot be read as WebVTT: a WebVTT file starts with")


TRANSCRIPTISH = st.lists(
    st.sampled_from(
        ["WEBVTT", "1", "00:00:01.000 --> 00:00:02.000", "0:1,5 --> 9:99", "-->", "<v Ann>",
         "</v>", "Ann: hi", "[Ben] yes", "00:05:00", "Ann  0:03", "&amp;", "&#0;", "", "{",
         '{"segments": [', '{"sentences": null}', '"callTranscripts"', "\ufeff", "\r"]
    )
    | st.text(max_size=20)
).map("\n".join)  # fmt: skip


@settings(max_examples=300)
@given(st.binary(max_size=2000) | TRANSCRIPTISH.map(str.encode))
def test_any_bytes_either_parse_or_raise_a_transcript_error(data):
    for format in ("auto", "webvtt", "srt", "meet", "otter", "docx", "podcast_json"):
        try:
            transcript = parse_transcript(data, format=format)
        except TranscriptError as error:
            assert str(error)
        else:
            assert transcript.turns and all(t.text for t in transcript.turns)
