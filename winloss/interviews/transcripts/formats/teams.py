"""The older Microsoft Teams transcript download: WebVTT-like cues without the WEBVTT line.

Each cue is a timing such as ``0:0:3.410 --> 0:0:6.110`` (fields unpadded), the speaker on a
line of their own as Teams wrote it ("Surname, Given"), then what they said. A cue may carry
an id line above its timing, as in WebVTT.
"""

import re

from .turns import TranscriptError, Turn, clean, seconds

TIMING = re.compile(r"\s*(\d+:\d+:\d+\.\d+|\d+:\d+\.\d+)\s+-->\s+(\S+)\s*$")
# What a name line looks like: a few words, no sentence punctuation at its end.
NAME = re.compile(r"[^\W\d_][^.?!:;\"<>]{0,79}")


# Teams wrote its times unpadded (``0:0:3.410``); SubRip and WebVTT tools pad them.
UNPADDED = re.compile(r"\s*\d+:\d:|\s*\d+:\d+:\d\.")


def looks_like(text: str) -> bool:
    """Unpadded times with dot fractions, and a name on its own line under the first one."""
    lines = text.lstrip("\ufeff").split("\n")[:400]
    for number, line in enumerate(lines[:-2]):
        if TIMING.match(line):
            return (
                bool(UNPADDED.match(line))
                and bool(NAME.fullmatch(lines[number + 1].strip()))
                and bool(lines[number + 2].strip())
            )
    return False


def read(text: str) -> list[Turn]:
    lines = text.lstrip("\ufeff").split("\n")
    pieces: list[Turn] = []
    number = 0
    while number < len(lines):
        block, first = [], number + 1
        while number < len(lines) and lines[number].strip():
            block.append(lines[number].strip())
            number += 1
        number += 1
        if not block:
            continue
        timing_at = 1 if len(block) > 1 and "-->" in block[1] else 0
        match = TIMING.match(block[timing_at])
        if not match:
            raise TranscriptError(
                f"Line {first + timing_at}: expected a cue timing such as "
                f"'0:0:3.410 --> 0:0:6.110', found {block[timing_at][:60]!r}"
            )
        where = f"Line {first + timing_at}"
        start, end = (seconds(value, where) for value in match.groups())
        said = block[timing_at + 1 :]
        speaker = ""
        if len(said) > 1 and NAME.fullmatch(said[0]):
            speaker, said = clean(said[0]), said[1:]
        pieces.append(Turn(speaker, start, end, clean(" ".join(said))))
    if not pieces:
        raise TranscriptError("it has no cues")
    return pieces
