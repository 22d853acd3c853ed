"""Podcasting 2.0 JSON transcripts: ``{"version": ..., "segments": [{"speaker", "startTime",
"endTime", "body"}]}``, often a segment per word, which ``merge_turns`` joins into turns.
"""

from typing import Any

from .turns import TranscriptError, Turn, number_of_seconds, text_of


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and "segments" in data


def read(data: Any) -> list[Turn]:
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError('a Podcasting 2.0 transcript has a "segments" list, and this has not')
    pieces = []
    for number, segment in enumerate(segments, 1):
        where = f"Segment {number}"
        if not isinstance(segment, dict):
            raise TranscriptError(f"{where} is {segment!r:.60}, not an object")
        pieces.append(
            Turn(
                text_of(segment.get("speaker"), f"{where}'s speaker"),
                number_of_seconds(segment.get("startTime"), f"{where}'s startTime"),
                number_of_seconds(segment.get("endTime"), f"{where}'s endTime"),
                text_of(segment.get("body"), f"{where}'s body"),
            )
        )
    return pieces
