"""WebVTT: Zoom transcripts (``Name: text`` cues), Teams (``<v Name>`` voice spans), captions.

The files meeting tools export (padded ``00:01:02.345 --> 00:01:04.000`` timings, cues with or
without an id line) are read in one pass here (``_read_plain``): webvtt-py's general parser was
half an upload's time (docs/decisions/0005). Anything else — unpadded or odd timings, a cue
timing with no blank line before it, CR line ends — goes to webvtt-py, which reads the cue blocks
(ids, NOTE, STYLE, settings; BOMs, CRLF and unpadded times are fine). Outside strict mode it
silently drops a cue whose timing it cannot read, and strict mode refuses unpadded times, so
every timing line is checked here first, to name the bad line instead of losing what was said
in it. Both paths give the same turns (``tests/test_transcript_vtt_fast.py``).
"""

import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from .turns import TranscriptError, Turn, clean, seconds, split_speaker

TIMING = re.compile(r"\s*(\S+)\s+-->\s+(\S+)")
VOICE = re.compile(r"<v(?:\.[\w-]+)*[ \t]+([^<>]*)>")


def looks_like(text: str) -> bool:
    # A header cut short ("WEBVT", "WEB") is still best explained by this reader.
    head = text.lstrip("\ufeff").split("\n", 1)[0].strip().upper()
    return head.startswith("WEBVTT") or (len(head) >= 3 and "WEBVTT".startswith(head))


def read(text: str) -> list[Turn]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not re.match(r"WEBVTT(?:[ \t]|$)", first):
        raise TranscriptError(
            f"a WebVTT file starts with the line WEBVTT, and this one starts with {first[:40]!r}"
        )
    pieces = _read_plain(text)
    return _read_with_webvtt(text) if pieces is None else pieces


# A padded timing, as meeting tools write it (up to 99,999 hours, where a float still holds
# every millisecond); the cue settings after it are not read.
PLAIN_TIMING = re.compile(
    r"(?:(\d{2,5}):)?(\d{2}):(\d{2})\.(\d{3}) --> (?:(\d{2,5}):)?(\d{2}):(\d{2})\.(\d{3})"
    r"(?:[ \t].*)?"
)


def _read_plain(text: str) -> list[Turn] | None:
    """The cues of a file in the shape meeting tools export, or None when it has anything
    else, for ``_read_with_webvtt``.

    Blocks are what lies between blank lines, as in webvtt-py; a timing line anywhere but at
    the top of a block (webvtt-py then starts a new block there), a header with an arrow or
    a timing of another shape sends the whole file to webvtt-py.
    """
    if "\r" in text:
        return None
    # str.split, not a regex: three or more line ends leave "" or a leading "\n" to strip.
    header, *blocks = text.split("\n\n")
    if "-->" in header:
        return None
    pieces: list[Turn] = []
    for block in blocks:
        block = block.strip("\n")
        arrows = block.count("-->")
        if not arrows:
            continue  # NOTE, STYLE, REGION or stray text: no cue, as in webvtt-py
        lines = block.split("\n", 2)
        at = 0 if "-->" in lines[0] else 1
        if arrows > 1 or "-->" not in lines[at]:
            return None
        timing = PLAIN_TIMING.fullmatch(lines[at])
        if timing is None:
            return None
        start, end = _plain_seconds(*timing.groups()[:4]), _plain_seconds(*timing.groups()[4:])
        if start is None or end is None:
            return None  # webvtt-py drops such a cue; its path says which line is wrong
        said = "\n".join(lines[at + 1 :])
        pieces.extend(Turn(speaker, start, end, words) for speaker, words in _voices(said))
    return pieces


def _plain_seconds(hours: str | None, minutes: str, secs: str, fraction: str) -> float | None:
    """The time as ``seconds`` reads webvtt-py's ``00:01:02.345`` (the same float: a whole
    number of milliseconds divided once, with no ``round``); None past 59 minutes or seconds."""
    if int(minutes) > 59 or int(secs) > 59:
        return None
    return (((int(hours or 0) * 60 + int(minutes)) * 60 + int(secs)) * 1000 + int(fraction)) / 1000


def _read_with_webvtt(text: str) -> list[Turn]:
    _check_timings(text)
    try:
        captions = webvtt.from_string(text).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise TranscriptError(f"its WebVTT cues cannot be read ({error})") from None
    pieces = []
    for number, caption in enumerate(captions, 1):
        where = f"Cue {caption.identifier or number}"
        start = seconds(caption.start, where)
        end = seconds(caption.end, where)
        for speaker, words in _voices("\n".join(caption.lines)):
            pieces.append(Turn(speaker, start, end, words))
    return pieces


def _check_timings(text: str) -> None:
    for number, line in enumerate(text.split("\n"), 1):
        if "-->" not in line:
            continue
        match = TIMING.match(line)
        if not match:
            raise TranscriptError(f"Line {number}: {line.strip()[:60]!r} is not a cue timing")
        for value in match.groups():
            seconds(value, f"Line {number}")


def _voices(raw: str) -> list[tuple[str, str]]:
    """Who says what in one cue: each ``<v Name>`` span, or a leading ``Name:`` (Zoom)."""
    tags = list(VOICE.finditer(raw))
    if not tags:
        speaker, words = split_speaker(clean(raw))
        return [(speaker, clean(words))]
    parts = []
    before = clean(raw[: tags[0].start()])
    if before:
        parts.append(("", before))
    for tag, following in zip(tags, [*tags[1:], None], strict=True):
        words = raw[tag.end() : following.start() if following else len(raw)]
        parts.append((clean(tag[1]), clean(words)))
    return parts
