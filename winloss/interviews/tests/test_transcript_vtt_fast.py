"""The one-pass WebVTT reader gives the turns webvtt-py gives, on every WebVTT file we hold and
on the shapes around the edges of what it reads; whatever it does not read goes to webvtt-py."""

import random
from pathlib import Path

import pytest

from winloss.interviews.transcripts.formats import TranscriptError, vtt
from winloss.interviews.transcripts.formats.turns import decode

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[2] / ".." / "shared" / "data" / "transcripts"
FILES = sorted(
    [*(TESTS / "data").glob("*.vtt"), *(SHARED.glob("*.vtt") if SHARED.is_dir() else [])]
)
# The meeting tools' shapes, which must not need webvtt-py.
PLAIN = {"teams_meeting.vtt", "zoom_recording.transcript.vtt", "zoom_recording.cc.vtt"}


def _text(data: bytes) -> str:
    return decode(data).lstrip("\ufeff")


def _both(text: str):
    return vtt._read_plain(text), vtt._read_with_webvtt(text)


def test_every_webvtt_file_we_hold_is_compared():
    names = {path.name for path in FILES}
    assert {"teams_meeting.vtt", "empty.vtt", "truncated_header.vtt"} <= names
    if SHARED.is_dir():
        assert names >= PLAIN


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_file_reads_the_same_on_both_paths(path):
    text = _text(path.read_bytes())
    if not vtt.looks_like(text) or not text.startswith("WEBVTT"):
        pytest.skip("not a WebVTT file: another reader's (or the header's) error")
    plain, library = _both(text)
    if path.name in PLAIN:
        assert plain is not None, "a meeting tool's shape fell back to webvtt-py"
    if plain is not None:
        assert plain == library
        assert plain  # a comparison of two empty lists would prove nothing


CUE = "00:00:01.000 --> 00:00:02.500\n"
EDGES = {
    "zoom ids and names": f"WEBVTT\n\n1\n{CUE}Ann Lee: Hello\n\n2\n{CUE}Bo: hi\n",
    "teams voices": f"WEBVTT\n\nab/1-0\n{CUE}<v Ann Lee>Hello &amp; more\nwrapped</v>\n",
    "no hours": "WEBVTT\n\n01:02.345 --> 01:04.000\nAnn: so\n",
    "long hours": "WEBVTT\n\n123:00:01.000 --> 123:00:02.000\nAnn: so\n",
    "settings": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start line:0\nAnn: so\n",
    "settings after a tab": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\tline:5\nAnn: so\n",
    "header metadata": f"WEBVTT - a title\nKind: captions\nLanguage: en\n\n{CUE}so\n",
    "note style region": (
        "WEBVTT\n\nREGION\nid:r1\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\n\n"
        f"{CUE}Ann: one\n\nNOTE\nmore lines\n\n{CUE}Bo: two\n\nNOTE at the end\n"
    ),
    "a cue whose id is NOTE": f"WEBVTT\n\nNOTE\n{CUE}Ann: said\n",
    "stray text block": f"WEBVTT\n\njust some text\nand more\n\n{CUE}Ann: said\n",
    "empty cue": f"WEBVTT\n\n{CUE}\n{CUE}Ann: said\n",
    "whitespace-only lines": f"WEBVTT\n\n{CUE}Ann: one\n   \nstill the cue\n\n \n\n{CUE}two\n",
    "two voices in a cue": f"WEBVTT\n\n{CUE}before <v Ann>one</v> <v.loud Bo>two</v>\n",
    "many blank lines": f"WEBVTT\n\n\n\n{CUE}\n\n\n\nAnn: stray\n\n{CUE}Bo: two\n\n\n",
    "no final line end": f"WEBVTT\n\n{CUE}Ann: last",
    "only a header": "WEBVTT\n\n",
    "cue settings that look like a time": f"WEBVTT\n\n{CUE.strip()} 5\nAnn: so\n",
    # Not in the one-pass reader's shape: webvtt-py's path reads or refuses them.
    "unpadded": "WEBVTT\n\n0:0:1.5 --> 0:0:2.25\nAnn: so\n",
    "no space around the arrow": "WEBVTT\n\n00:00:01.000-->00:00:02.000\nAnn: so\n",
    "a timing in the header": f"WEBVTT\n{CUE}Ann: so\n",
    "a timing after the text": f"WEBVTT\n\n{CUE}Ann: so\n{CUE}Bo: no blank line\n",
    "carriage returns": f"WEBVTT\r\n\r\n{CUE}Ann: so\r\n",
    "minutes past 59": "WEBVTT\n\n75:00.000 --> 75:01.000\nAnn: so\n",
    "seconds past 59": "WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nAnn: so\n",
    "four-digit fraction": "WEBVTT\n\n00:00:01.0001 --> 00:00:02.000\nAnn: so\n",
    "no fraction": "WEBVTT\n\n00:00:01 --> 00:00:02\nAnn: so\n",
    "a bad timing": f"WEBVTT\n\n{CUE}Ann: so\n\nsoon --> later\nBo: no\n",
    "leading space": f"WEBVTT\n\n  {CUE}Ann: so\n",
    "an arrow in the header line": f"WEBVTT a --> b\n\n{CUE}Ann: so\n",
    "an arrow in the header's metadata": f"WEBVTT\nNote: a --> b\n\n{CUE}Ann: so\n",
    "two arrows on the timing line": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 --> x\nAnn: so\n",
    "an arrow in the text": f"WEBVTT\n\n{CUE}Ann: so\nthen --> this\n",
    "an arrow in the third line": f"WEBVTT\n\nid\nmore\n{CUE}Ann: so\n",
}


def _outcome(read, text):
    try:
        return read(text)
    except TranscriptError as error:
        return f"error: {error}"


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_the_edges_read_the_same_on_both_paths(text, monkeypatch):
    plain = _outcome(vtt._read_plain, text)
    if plain is not None:
        assert plain == _outcome(vtt._read_with_webvtt, text)
    # And ``read``, whichever path it takes, answers as it did with webvtt-py alone.
    either = _outcome(vtt.read, text)
    monkeypatch.setattr(vtt, "_read_plain", lambda text: None)
    assert either == _outcome(vtt.read, text)


def test_the_one_pass_reader_reads_the_meeting_tools_shapes_and_leaves_the_rest():
    taken = {name for name, text in EDGES.items() if vtt._read_plain(text) is not None}
    assert "zoom ids and names" in taken and "teams voices" in taken
    assert not taken & {"unpadded", "a timing in the header", "carriage returns", "a bad timing"}


def _random_file(rng: random.Random) -> str:
    """A WebVTT file of random blocks, most of them cues in the meeting tools' shape."""
    lines = ["WEBVTT" + rng.choice(["", " title", "\nKind: captions"])]
    clock = 0
    for _ in range(rng.randrange(1, 12)):
        kind = rng.random()
        lines.append("" if rng.random() < 0.95 else "\n")
        if kind < 0.1:
            lines.append(rng.choice(["NOTE hi", "NOTE\ntwo\nlines", "STYLE\n::cue {}", "text"]))
            continue
        if rng.random() < 0.4:
            lines.append(rng.choice(["7", "ab/3-1", "NOTE", "id with words"]))
        start, clock = clock, clock + rng.randrange(0, 4000)
        shape = rng.choice(["padded", "padded", "padded", "no hours", "unpadded"])
        lines.append(
            f"{_stamp(start, shape)} --> {_stamp(clock, shape)}" + rng.choice(["", " align:start"])
        )
        speaker = rng.choice(["Ann Lee", "Bo", ""])
        for _ in range(rng.randrange(0, 3)):
            words = rng.choice(["so we chose", "price &amp; terms", "<b>yes</b>", "  ", "Q: why"])
            if speaker and rng.random() < 0.5:
                words = f"<v {speaker}>{words}</v>"
            elif speaker:
                words = f"{speaker}: {words}"
            lines.append(words)
    return "\n".join(lines) + rng.choice(["", "\n", "\n\n"])


def _stamp(ms: int, shape: str) -> str:
    hours, minutes, secs, fraction = ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000
    if shape == "unpadded":
        return f"{hours}:{minutes}:{secs}.{fraction}"
    padded = f"{minutes:02}:{secs:02}.{fraction:03}"
    return padded if shape == "no hours" else f"{hours:02}:{padded}"


def test_random_files_read_the_same_on_both_paths():
    rng = random.Random(20261207)
    read_plain = 0
    for _ in range(400):
        text = _random_file(rng)
        plain = vtt._read_plain(text)
        if plain is not None:
            read_plain += 1
            assert plain == vtt._read_with_webvtt(text), text
    assert read_plain > 100  # many took the one-pass path (an unpadded time sends a file away)
