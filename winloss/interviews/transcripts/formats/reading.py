"""Which format a file is in, and reading it into speaker turns.

The content decides; the file name's extension only picks whose error to show when the
content fits no format (a damaged ``.vtt`` is best explained by the WebVTT reader).
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from . import fireflies, gong, meet, otter, podcast, srt, teams, vtt, word
from .turns import Transcript, TranscriptError, Turn, decode, load_json, merge_turns

FORMATS = (
    "webvtt",
    "srt",
    "meet",
    "otter",
    "docx",
    "podcast_json",
    "gong_json",
    "fireflies_json",
    "teams",
)
READ_BY = (
    "winloss reads WebVTT (.vtt), SubRip (.srt), Google Meet and Otter text (.txt), "
    "the older Teams download, Word (.docx), and Podcasting 2.0, Gong and Fireflies JSON"
)
LABELS = {
    "webvtt": "WebVTT",
    "teams": "an older Teams transcript",
    "srt": "SubRip",
    "meet": "a Google Meet transcript",
    "otter": "an Otter transcript",
    "docx": "a Word transcript",
    "podcast_json": "a Podcasting 2.0 transcript",
    "gong_json": "a Gong transcript",
    "fireflies_json": "a Fireflies transcript",
}
EXTENSIONS = {".vtt": "webvtt", ".srt": "srt", ".docx": "docx"}
SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
    b"\x1f\x8b": "a compressed (gzip) file",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel file (.doc, .xls); save it as .docx or text",
    b"PK\x03\x04": "a ZIP archive",
    b"ID3": "an audio file; upload its transcript",
    b"OggS": "an audio file; upload its transcript",
    b"RIFF": "an audio or video file; upload its transcript",
}


def _json_reader(module: Any) -> Callable[[bytes], list[Turn]]:
    return lambda data: module.read(load_json(data))


def _text_reader(module: Any) -> Callable[[bytes], list[Turn]]:
    return lambda data: module.read(decode(data))


READERS: dict[str, Callable[[bytes], list[Turn]]] = {
    "webvtt": _text_reader(vtt),
    "teams": _text_reader(teams),
    "srt": _text_reader(srt),
    "meet": _text_reader(meet),
    "otter": _text_reader(otter),
    "docx": word.read,
    "podcast_json": _json_reader(podcast),
    "gong_json": _json_reader(gong),
    "fireflies_json": _json_reader(fireflies),
}


def parse_transcript(data: bytes, *, filename: str = "", format: str = "auto") -> Transcript:
    """The file's speaker turns, in time order; ``TranscriptError`` says why when it cannot."""
    what = PurePath(filename).name or "This file"
    if format != "auto" and format not in READERS:
        raise TranscriptError(
            f"{format!r} is not a transcript format winloss reads: choose one of "
            f"{', '.join(FORMATS)}, or auto"
        )
    try:
        chosen = detect(data, filename) if format == "auto" else format
    except TranscriptError as error:
        raise TranscriptError(f"{what} is not a transcript format winloss reads: {error}") from None
    try:
        turns = merge_turns(READERS[chosen](data))
    except TranscriptError as error:
        raise TranscriptError(f"{what} cannot be read as {LABELS[chosen]}: {error}") from None
    if not turns:
        raise TranscriptError(f"{what} holds no spoken text: there is nothing to read in it")
    return Transcript(format=chosen, turns=turns)


def detect(data: bytes, filename: str = "") -> str:
    if not data.strip():
        raise TranscriptError("the file is empty")
    if word.looks_like(data):
        return "docx"
    for signature, what in SIGNATURES.items():
        if data.startswith(signature):
            raise TranscriptError(f"it is {what}. {READ_BY}")
    text = decode(data)
    if text.lstrip("\ufeff \t\n").startswith(("{", "[")):
        return _json_format(data)
    for name, module in (("webvtt", vtt), ("teams", teams), ("srt", srt)):
        if module.looks_like(text):
            return name
    hinted = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if "-->" in text and not hinted:
        raise TranscriptError(
            "it has cue timings (-->) but neither starts with the line WEBVTT nor has numbered "
            "SubRip cues; it may be a WebVTT file whose first line was cut off"
        )
    for name, module in (("otter", otter), ("meet", meet)):
        if module.looks_like(text) and "-->" not in text:
            return name
    if hinted:
        # Its own reader says best what is wrong with it, if anything is.
        return hinted
    start = " ".join(text.split())[:40]
    raise TranscriptError(f"it has no cues or speaker lines (it starts {start!r}). {READ_BY}")


def _json_format(data: bytes) -> str:
    parsed = load_json(data)
    for name, module in (
        ("podcast_json", podcast),
        ("gong_json", gong),
        ("fireflies_json", fireflies),
    ):
        if module.looks_like(parsed):
            return name
    if isinstance(parsed, dict):
        has = f"its keys are {', '.join(list(parsed)[:8])}" if parsed else "it is an empty object"
    else:
        has = f"it is a JSON {type(parsed).__name__}, not an object"
    raise TranscriptError(
        f"it is JSON, but not of a transcript shape winloss knows ({has}); expected "
        '"segments" (Podcasting 2.0), "callTranscripts" (Gong) or "sentences" (Fireflies)'
    )
