"""Fireflies.ai transcript JSON: ``sentences[{speaker_name, start_time, end_time, text}]`` in
seconds, either bare or as its GraphQL API answers (``{"data": {"transcript": {...}}}``).
"""

from typing import Any

from .turns import TranscriptError, Turn, number_of_seconds, text_of


def sentences_of(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"].get("transcript")
    return data.get("sentences") if isinstance(data, dict) else None


def looks_like(data: Any) -> bool:
    return sentences_of(data) is not None


def read(data: Any) -> list[Turn]:
    sentences = sentences_of(data)
    if not isinstance(sentences, list):
        raise TranscriptError('a Fireflies transcript has a "sentences" list, and this has not')
    pieces = []
    for number, sentence in enumerate(sentences, 1):
        where = f"Sentence {number}"
        if not isinstance(sentence, dict):
            raise TranscriptError(f"{where} is {sentence!r:.60}, not an object")
        text = sentence.get("text")
        pieces.append(
            Turn(
                text_of(sentence.get("speaker_name"), f"{where}'s speaker_name"),
                number_of_seconds(sentence.get("start_time"), f"{where}'s start_time"),
                number_of_seconds(sentence.get("end_time"), f"{where}'s end_time"),
                text_of(sentence.get("raw_text") if text is None else text, f"{where}'s text"),
            )
        )
    return pieces
