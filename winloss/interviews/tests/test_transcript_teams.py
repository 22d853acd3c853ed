"""The older Teams transcript download: cues without a WEBVTT line, the speaker on a line."""

from pathlib import Path

import pytest

from winloss.interviews.transcripts.formats import TranscriptError, Turn, parse_transcript

DATA = Path(__file__).parent / "data"


def test_the_older_teams_download_reads_as_speaker_turns():
    transcript = parse_transcript((DATA / "teams_legacy.vtt").read_bytes(), filename="call.vtt")
    assert transcript.format == "teams"
    assert transcript.turns == [
        Turn(
            "Natarajan, Priya",
            3.41,
            9.5,
            "Thanks for making the time. So, first question: why look at all?",
        ),
        Turn("O'Brien, Tom", 10.5, 16.3, "Honestly it came down to the onboarding."),
    ]
    assert transcript.speakers == ["Natarajan, Priya", "O'Brien, Tom"]


def test_the_older_teams_download_reads_without_a_file_name_and_with_cue_ids():
    text = "\ufeff1\r\n0:0:1.0 --> 0:0:2.5\r\nLee, Ann\r\nHello\r\n\r\n"
    text += "2\r\n0:1:2.0 --> 0:1:3.0\r\nOde, Ben\r\nHi there\r\n"
    transcript = parse_transcript(text.encode())
    assert transcript.format == "teams"
    assert transcript.turns == [
        Turn("Lee, Ann", 1.0, 2.5, "Hello"),
        Turn("Ode, Ben", 62.0, 63.0, "Hi there"),
    ]


def test_a_bad_timing_in_the_older_teams_download_is_named_by_line():
    text = "0:0:1.0 --> 0:0:2.5\nLee, Ann\nHello\n\n0:0:x --> 0:0:3\nOde, Ben\nHi\n"
    with pytest.raises(TranscriptError, match=r"Line 5: expected a cue timing"):
        parse_transcript(text.encode(), filename="call.vtt")


@pytest.mark.parametrize(
    "text",
    [
        "Minutes of the board meeting\nLee, Ann\nWe agreed the budget.\n",
        "00:00:01.000 --> nothing\n",
        "Dear Ann,\nthanks for the call.\nBest, Ben\n",
    ],
)
def test_files_that_are_not_transcripts_still_get_a_clear_error(text):
    with pytest.raises(TranscriptError, match="is not a transcript format winloss reads"):
        parse_transcript(text.encode(), filename="notes.txt")
