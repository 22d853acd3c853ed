"""Otter.ai's text export: a ``Name  m:ss`` line (two spaces), then what they said.

Word documents of transcripts use the same shape with ``Name   0:03`` or a tab. Otter's
``Unknown Speaker`` is a speaker no one has named, so it is read as no speaker; the
``Transcribed by https://otter.ai`` footer is not speech.
"""

import re

from .turns import Turn, clean, seconds

HEADER = re.compile(r"(?P<name>[^\s:][^:]{0,59}?)(?: {2,}|\t+)(?P<time>\d+(?::\d{2}){1,2})")
FOOTER = re.compile(r"Transcribed by (https?://)?otter\.ai", re.I)
UNKNOWN = {"unknown speaker", "unknown"}


def looks_like(text: str) -> bool:
    lines = [line.rstrip() for line in text.split("\n")]
    return any(
        HEADER.fullmatch(line) and any(rest.strip() for rest in lines[n + 1 : n + 3])
        for n, line in enumerate(lines)
    )


def read(text: str) -> list[Turn]:
    pieces: list[Turn] = []
    speaker, start = "", None
    words: list[str] = []
    heard = False
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), 1):
        line = raw.strip()
        header = HEADER.fullmatch(raw.rstrip())
        if header:
            if heard:
                pieces.append(Turn(speaker, start, None, clean(" ".join(words))))
            name = clean(header["name"])
            speaker = "" if name.lower() in UNKNOWN else name
            start, words, heard = seconds(header["time"], f"Line {number}"), [], True
        elif FOOTER.match(line):
            break
        elif heard and line:
            words.append(line)
        # Lines before the first header: a title, the date, a list of keywords.
    if heard:
        pieces.append(Turn(speaker, start, None, clean(" ".join(words))))
    return pieces
