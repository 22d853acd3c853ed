"""SubRip (.srt): numbered cues; a speaker named in one cue speaks until another is named.

A small reader rather than webvtt-py's: that one reads the fraction in ``1:02:03,4`` as 4 ms
(and ``0:00:01,5`` as 1.005 s), skips cues whose times have no hour field, and refuses a file
whose cues are not numbered, all of which transcription tools write.
"""

import re

from .turns import TranscriptError, Turn, clean, seconds, split_speaker

TIMING = re.compile(r"\s*(\S+)\s*-->\s*(\S+)")
BRACKETED = re.compile(r"\[(?P<name>[^\[\]]{1,60})\]\s*(?P<text>\S.*)", re.S)
# Captioners' notes in brackets, not people.
SOUNDS = {"music", "applause", "laughter", "laughs", "inaudible", "crosstalk", "silence", "noise"}
LOOKS_LIKE = re.compile(r"^\s*\d+\s*\n\s*\d*:?\d+:\d+[,.]\d+\s*-->", re.M)


def looks_like(text: str) -> bool:
    return bool(LOOKS_LIKE.search(text.lstrip("\ufeff")[:10000]))


def read(text: str) -> list[Turn]:
    lines = text.lstrip("\ufeff").split("\n")
    pieces: list[Turn] = []
    speaker = ""
    number = 0
    while number < len(lines):
        block, first = [], number + 1
        while number < len(lines) and lines[number].strip():
            block.append(lines[number])
            number += 1
        number += 1
        if not block:
            continue
        timing_at = 1 if len(block) > 1 and block[0].strip().isdigit() else 0
        match = TIMING.match(block[timing_at])
        if not match:
            numbered = block[0].strip().isdigit() and len(block) > 1
            if numbered or "-->" in "".join(block) or not pieces:
                raise TranscriptError(
                    f"Line {first}: expected a cue number and a timing such as "
                    f"'00:00:01,000 --> 00:00:02,500', found {block[0].strip()[:60]!r}"
                )
            # A blank line inside a cue's text: the words still belong to that cue.
            last = pieces[-1]
            words = clean(" ".join([last.text, *block]))
            pieces[-1] = Turn(last.speaker, last.start, last.end, words)
            continue
        where = f"Line {first + timing_at}"
        start, end = (seconds(value, where) for value in match.groups())
        words = clean(" ".join(block[timing_at + 1 :]))
        named, words = _speaker(words)
        speaker = named or speaker
        pieces.append(Turn(speaker, start, end, words))
    if not pieces:
        raise TranscriptError("it has no SubRip cues")
    return pieces


def _speaker(words: str) -> tuple[str, str]:
    bracketed = BRACKETED.fullmatch(words)
    if bracketed and bracketed["name"].strip().lower() not in SOUNDS:
        return clean(bracketed["name"]), bracketed["text"]
    return split_speaker(words)
