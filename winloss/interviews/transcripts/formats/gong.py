"""Gong's call transcript JSON (``/v2/calls/transcript``): times in milliseconds, speakers as ids.

Gong names the speakers only in the call's parties (``/v2/calls/extensive``); when the file
carries them (``parties: [{"speakerId", "name"}]``, beside the transcript or at the top),
the names are used, otherwise the id, so that turns by one person still join.
"""

from typing import Any

from .turns import TranscriptError, Turn, number_of_seconds, text_of


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and "callTranscripts" in data


def read(data: Any) -> list[Turn]:
    calls = data.get("callTranscripts") if isinstance(data, dict) else None
    if not isinstance(calls, list) or not calls:
        raise TranscriptError('a Gong transcript has a "callTranscripts" list, and this has none')
    if len(calls) > 1:
        raise TranscriptError(
            f"this Gong export holds {len(calls)} calls; export the one call of this interview"
        )
    call = calls[0]
    if not isinstance(call, dict) or not isinstance(call.get("transcript"), list):
        raise TranscriptError('the Gong call has no "transcript" list')
    names = _names(call.get("parties")) | _names(data.get("parties"))
    pieces = []
    for number, monologue in enumerate(call["transcript"], 1):
        where = f"Monologue {number}"
        if not isinstance(monologue, dict) or not isinstance(monologue.get("sentences"), list):
            raise TranscriptError(f'{where} has no "sentences" list')
        speaker_id = monologue.get("speakerId")
        speaker = names.get(str(speaker_id), f"Speaker {speaker_id}" if speaker_id else "")
        for count, sentence in enumerate(monologue["sentences"], 1):
            at = f"{where}, sentence {count}"
            if not isinstance(sentence, dict):
                raise TranscriptError(f"{at} is {sentence!r:.60}, not an object")
            pieces.append(
                Turn(
                    speaker,
                    number_of_seconds(sentence.get("start"), f"{at}'s start", scale=1000),
                    number_of_seconds(sentence.get("end"), f"{at}'s end", scale=1000),
                    text_of(sentence.get("text"), f"{at}'s text"),
                )
            )
    return pieces


def _names(parties: Any) -> dict[str, str]:
    if not isinstance(parties, list):
        return {}
    return {
        str(p["speakerId"]): p["name"].strip()
        for p in parties
        if isinstance(p, dict) and p.get("speakerId") and isinstance(p.get("name"), str)
        if p["name"].strip()
    }
