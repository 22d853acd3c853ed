"""WebVTT: Zoom transcripts (``Name: text`` cues), Teams (``<v Name>`` voice spans), captions.

webvtt-py reads the cue blocks (ids, NOTE, STYLE, settings; BOMs, CRLF and unpadded times are
fine), but outside strict mode it silently drops a cue whose timing it cannot read, and strict
mode refuses unpadded times. So every timing line is checked here first, to name the bad line
instead of losing what was said in it.
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
