"""Google Meet's transcript text, as its Google Doc is exported or pasted.

A heading and a disclaimer, then one ``Name: text`` line per paragraph spoken, a bare
``00:05:00`` every five minutes, and a closing ``Meeting ended after 00:38:36``. Meet gives
no other times, so a turn starts at the last five-minute mark before it: right to within
five minutes, and in order.
"""

import re

from .turns import Turn, clean, seconds, split_speaker

MARK = re.compile(r"\d{1,2}:\d{2}:\d{2}")
ENDED = re.compile(r"Meeting ended after \d", re.I)


def looks_like(text: str) -> bool:
    """Most lines after the first ``Name: text`` line name a speaker (or are a time mark)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    named = [bool(split_speaker(line)[0]) or bool(MARK.fullmatch(line)) for line in lines]
    if True not in named:
        return False
    after = named[named.index(True) :]
    return sum(after) * 2 > len(after)


def read(text: str) -> list[Turn]:
    pieces: list[Turn] = []
    clock = 0.0
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if MARK.fullmatch(line):
            clock = seconds(line, f"Line {number}")
            continue
        if ENDED.match(line):
            break
        speaker, words = split_speaker(line)
        if speaker:
            pieces.append(Turn(speaker, clock, None, clean(words)))
        elif pieces:
            # A paragraph wrapped when pasted: it continues the line above.
            last = pieces[-1]
            pieces[-1] = Turn(last.speaker, last.start, None, clean(f"{last.text} {line}"))
        # Before the first speaker: the document's heading and disclaimer.
    return pieces
