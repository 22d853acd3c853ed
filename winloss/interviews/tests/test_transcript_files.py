"""The real transcripts in ../shared/data/transcripts, and our own samples of the other shapes.

The expected counts were taken from the files with grep and uniq, not from the parser; each
test says how.
"""

from pathlib import Path

import pytest

from winloss.interviews.transcripts.formats import Turn, parse_transcript

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "transcripts"
DATA = Path(__file__).resolve().parent / "data"
shared_files = pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared transcripts are not at {SHARED.resolve()}"
)


def _parse(path: Path, **options):
    return parse_transcript(path.read_bytes(), filename=path.name, **options)


@shared_files
def test_a_zoom_transcript_has_a_turn_per_change_of_speaker_and_keeps_unnamed_cues_apart():
    # 102 cues (grep -c -- '-->'); the "Name:" prefixes of the cue lines, through uniq, give
    # 26 runs, one of them the unnamed "Hmm." cue between Conor Healy and Ryan Sloan.
    transcript = _parse(SHARED / "zoom_recording.transcript.vtt")
    assert transcript.format == "webvtt"
    assert len(transcript.turns) == 26
    assert transcript.speakers == [
        "Srijani Ghosh",
        "Conor Healy",
        "Dr. Melissa Ko",
        "Shreeharsh Kelkar",
        "Ryan Sloan",
    ]
    # Cues 3 and 4 are Srijani's, 00:00:05.140 to 00:00:11.670.
    assert transcript.turns[2] == Turn(
        "Srijani Ghosh", 5.14, 11.67, "Hello! Hello! Hello! Why are you so dark? So"
    )
    # Cue 48, 00:05:07.300 --> 00:05:07.980, names no one.
    hmm = next(t for t in transcript.turns if t.text == "Hmm.")
    assert (hmm.speaker, hmm.start, hmm.end) == ("", 307.3, 307.98)


@shared_files
def test_a_caption_track_without_speakers_keeps_a_turn_per_cue():
    # 100 cues (grep -c -- '-->'), none with a "Name:" (grep ':' finds only timing lines).
    transcript = _parse(SHARED / "zoom_recording.cc.vtt")
    assert len(transcript.turns) == 100
    assert transcript.speakers == []
    assert transcript.turns[0] == Turn("", 68.0, 69.0, "This doesn't.")
    assert transcript.turns[-1].text.startswith("Can those in the call here? Okay, then why")


@shared_files
def test_a_google_meet_transcript_joins_lines_and_takes_times_from_the_five_minute_marks():
    # 130 "Name: " lines (grep -cE '^[A-Z][^:]*: '); their names through uniq give 58 runs.
    # The heading, the disclaimer, 7 marks and the "Meeting ended" line are not speech.
    transcript = _parse(SHARED / "google_meet_transcript.txt")
    assert transcript.format == "meet"
    assert len(transcript.turns) == 58
    assert transcript.speakers == [
        "Tom Sweeney",
        "Matt Heon",
        "Justin Jereza",
        "Valentin Rothberg",
        "Paul Holzinger",
        "Miloslav Trmac",
        "Ashley Cui",
        "Anders F Björklund",
    ]
    assert transcript.turns[1] == Turn(
        "Matt Heon", 0.0, None, "Sure I can give us another video that's"
    )
    # Justin's lines 10-22 and 24-32 (after Tom, Matt, Tom, Justin, Valentin, Tom) are one
    # turn across the 00:05:00 mark.
    justin = transcript.turns[6]
    assert justin.speaker == "Justin Jereza" and justin.text.startswith("Happens. Is that but,")
    assert justin.text.endswith("You guys have any comments on this?")
    assert "00:05:00" not in justin.text
    # The last line before "Meeting ended after 00:38:36" follows the 00:35:00 mark.
    assert transcript.turns[-1] == Turn("Justin Jereza", 2100.0, None, "And sorry guys. I")


@shared_files
def test_an_srt_speaker_named_once_speaks_until_the_next_is_named():
    # 222 cues; grep -E '^[A-Z][a-z]+: ' finds 10 named cues:
    # Travis Sarah Travis Gilon Travis Gilon Travis Sarah Gilon Travis.
    transcript = _parse(SHARED / "podcast.srt")
    assert transcript.format == "srt"
    assert [t.speaker for t in transcript.turns] == (
        [
            "Travis",
            "Sarah",
            "Travis",
            "Gilon",
            "Travis",
            "Gilon",
            "Travis",
            "Sarah",
            "Gilon",
            "Travis",
        ]
    )
    assert transcript.speakers == ["Travis", "Sarah", "Gilon"]
    first = transcript.turns[0]
    assert first.start == 0.179
    assert first.text.startswith("When you first get started in podcasting, it's almost")
    last = transcript.turns[-1]
    assert last.end == 754.769
    assert last.text.endswith("the next best thing to do is to batch your episodes.")


@shared_files
def test_voice_tags_without_closing_tags_and_entities_become_two_turns():
    # 7 cues: 5 "<v Sarah>", then 2 "<v Gillian>".
    transcript = _parse(SHARED / "podcast_voice_tags.vtt")
    assert transcript.speakers == ["Sarah", "Gillian"]
    assert [(t.start, t.end) for t in transcript.turns] == [(0.0, 18.63), (19.08, 25.35)]
    assert "Welcome to Podcasting Q&A, where you learn" in transcript.turns[0].text
    assert transcript.turns[1].text == (
        "Hi Buzzsprout, Gillian here from breaking through careers podcast. "
        "My question is, do we need a podcast trailer?"
    )


@shared_files
def test_podcasting_json_segments_of_a_word_each_join_into_turns():
    transcript = _parse(SHARED / "podcast_segments.json")
    assert transcript.format == "podcast_json"
    assert transcript.turns == [
        Turn("Darth Vader", 0.5, 2.5, "I am your father."),
        Turn("Luke", 2.75, 3.0, "Nooooo"),
    ]


def test_a_teams_vtt_with_spans_over_lines_entities_and_a_cue_out_of_order():
    transcript = _parse(DATA / "teams_meeting.vtt")
    assert transcript.format == "webvtt"
    assert transcript.turns == [
        Turn(
            "Priya Natarajan",
            3.41,
            9.12,
            "Thanks for making the time. We're talking to customers who chose us & some "
            "who didn't. So, first question: why look at all?",
        ),
        # The 9.5 s cue comes after the 10.05 s one in the file.
        Turn(
            "Tom O'Brien",
            9.5,
            16.3,
            "Mm-hmm. Sure. Price was <10% apart, honestly it came down to the onboarding.",
        ),
        Turn("Priya Natarajan", 16.9, 19.0, "That's helpful. Thank you."),
    ]


def test_an_otter_export_has_a_turn_per_header_and_unknown_speakers_are_unnamed():
    transcript = _parse(DATA / "otter_interview.txt")
    assert transcript.format == "otter"
    assert transcript.turns == [
        Turn(
            "Priya Natarajan",
            0.0,
            None,
            "Thanks for joining. Could you start with how the evaluation began?",
        ),
        Turn(
            "Dana Whitfield",
            7.0,
            None,
            "Sure. We had three vendors on the shortlist. Honestly, the demo is what got you "
            "in the door.",
        ),
        Turn("", 62.0, None, "Sorry, can you hear me?"),
        Turn("Dana Whitfield", 65.0, None, "Yes. Pricing came later, around week six."),
        Turn("Priya Natarajan", 3723.0, None, "Last question: would you buy again?"),
    ]
    assert transcript.speakers == ["Priya Natarajan", "Dana Whitfield"]


def test_a_gong_transcript_reads_milliseconds_and_names_speakers_by_id():
    transcript = _parse(DATA / "gong_call.json")
    assert transcript.format == "gong_json"
    assert transcript.turns == [
        Turn(
            "Speaker 6432345678555530067",
            460.23,
            465.01,
            "Thanks for taking the call. Shall we start with why you looked at vendors?",
        ),
        Turn(
            "Speaker 2102345678555530068",
            466.1,
            471.23,
            "Mostly cost. Your quote was 20% above the others.",
        ),
        Turn("Speaker 6432345678555530067", 472.0, 474.5, "That's helpful."),
    ]


def test_gong_parties_in_the_file_give_the_speakers_their_names():
    call = (DATA / "gong_call.json").read_text()
    with_parties = call.replace(
        '"callId"',
        '"parties": [{"speakerId": "6432345678555530067", "name": "Priya Natarajan"},'
        ' {"speakerId": "2102345678555530068", "name": "Lee Chen"}], "callId"',
    )
    transcript = parse_transcript(with_parties.encode())
    assert transcript.speakers == ["Priya Natarajan", "Lee Chen"]


def test_a_fireflies_api_answer_reads_its_sentences():
    transcript = _parse(DATA / "fireflies_api.json")
    assert transcript.format == "fireflies_json"
    assert transcript.turns == [
        Turn("Priya Natarajan", 0.32, 3.1, "What made you choose the other vendor?"),
        Turn(
            "Sam Okafor", 3.9, 8.0, "Their integration with our ERP. And support in our time zone."
        ),
        Turn("Priya Natarajan", 8.4, 9.6, "Understood, thanks."),
    ]


def test_a_bare_fireflies_sentences_object_reads_too():
    data = b'{"sentences": [{"speaker_name": "Sam", "start_time": 1, "end_time": 2, "text": "Hi"}]}'
    assert parse_transcript(data).turns == [Turn("Sam", 1.0, 2.0, "Hi")]
