"""The plain text of one interview in a REFI-QDA project: every note, then every transcript,
each section under a heading line in square brackets, a blank line between sections.

    [Verbatim quote · What mattered most when you compared the options?]
    Their quote came in thirty percent lower than yours.

    [Interviewer interpretation]
    Lost on price; the product was not the problem.

    [Transcript]
    Interviewer: What happened at the end?
    Respondent: We went with the cheaper one.

A note's heading is its kind, then the question it answers (none for a general note); a
transcript's is ``Transcript`` (``Transcript 2`` … when there are several). Each turn is one
``Speaker: text`` line (a turn's own line breaks stay in it), the speaker named by their role.
A coded selection's positions count characters (Unicode code points) from the start of this
text, so ``render`` gives each passage's span, and ``parse`` reads the text back into the same
passages — refusing a text that ``render`` would not write exactly.
"""

import re

from winloss.interviews.models import NoteKind, SpeakerRole
from winloss.lib.errors import DomainError

from ..imported_interviews import PastNote, PastTurn

TRANSCRIPT = "Transcript"
UNNAMED = "Unnamed speaker"
_KINDS = {str(label): str(value) for value, label in NoteKind.choices}
_ROLES = {str(label): str(value) for value, label in SpeakerRole.choices}
_SPEAKER = "|".join(re.escape(name) for name in [*_ROLES, UNNAMED])
_TURN = re.compile(rf"({_SPEAKER})(?: (\d+))?: ")
_NOTE_HEADING = re.compile(rf"\[({'|'.join(re.escape(k) for k in _KINDS)})(?: · (.+))?\]")
_TRANSCRIPT_HEADING = re.compile(rf"\[({TRANSCRIPT}(?: \d+)?)\]")


class LayoutError(DomainError):
    """The text is not one ``render`` writes; the message says where it departs (the reader
    names the source before it)."""


def heading(passage: PastNote | PastTurn) -> str:
    if isinstance(passage, PastTurn):
        return f"[{passage.transcript}]"
    kind = NoteKind(passage.kind).label
    return f"[{kind} · {passage.question}]" if passage.question else f"[{kind}]"


def one_line(text: str) -> str:
    """A question as a heading holds it: on one line."""
    return " ".join(text.split())


def render(passages: list[PastNote | PastTurn]) -> tuple[str, list[tuple[int, int]]]:
    """The text, and where each passage's own words sit in it (start, end). Consecutive turns
    of the same transcript make one section; a turn with no speaker is an ``UNNAMED`` one."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    size = 0
    previous: PastNote | PastTurn | None = None

    def add(piece: str) -> None:
        nonlocal size
        parts.append(piece)
        size += len(piece)

    for passage in passages:
        same_transcript = (
            isinstance(passage, PastTurn)
            and isinstance(previous, PastTurn)
            and previous.transcript == passage.transcript
        )
        if not same_transcript:
            if parts:
                add("\n")
            add(heading(passage) + "\n")
        if isinstance(passage, PastTurn):
            add(f"{passage.speaker or UNNAMED}: ")
        spans.append((size, size + len(passage.text)))
        add(passage.text + "\n")
        previous = passage
    return "".join(parts), spans


def parse(text: str) -> list[PastNote | PastTurn]:
    """The passages of a text ``render`` wrote; ``LayoutError`` otherwise."""
    if not text:
        raise LayoutError("it is empty")
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    headings = [
        start
        for start in starts
        if (start == 0 or text[start - 2 : start] == "\n\n") and _is_heading(_line(text, start))
    ]
    if not headings or headings[0] != 0:
        raise LayoutError(
            "it does not begin with a heading such as [Verbatim quote] or [Transcript]"
        )
    passages: list[PastNote | PastTurn] = []
    for number, start in enumerate(headings):
        end = headings[number + 1] - 1 if number + 1 < len(headings) else len(text)
        line = _line(text, start)
        section = text[start:end]
        if not section.endswith("\n") or len(section) <= len(line) + 1:
            raise LayoutError(f"the section {line} has no text under its heading")
        body = section[len(line) + 1 :]
        note = _NOTE_HEADING.fullmatch(line)
        if note:
            kind, question = note.groups()
            passages.append(PastNote(kind=_KINDS[kind], text=body[:-1], question=question or ""))
        else:
            passages += _turns(line[1:-1], body)
    _check_notes(passages)
    if render(passages)[0] != text:
        raise LayoutError(
            "its text is not laid out as winloss writes it (a heading line in square brackets "
            "over each section, a blank line between sections)"
        )
    return passages


def _line(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _is_heading(line: str) -> bool:
    return bool(_NOTE_HEADING.fullmatch(line) or _TRANSCRIPT_HEADING.fullmatch(line))


def _turns(transcript: str, body: str) -> list[PastTurn]:
    starts = [m for m in _TURN.finditer(body) if m.start() == 0 or body[m.start() - 1] == "\n"]
    if not starts or starts[0].start() != 0:
        raise LayoutError(
            f"the lines under [{transcript}] do not start with a speaker (“Respondent: …”)"
        )
    turns = []
    for number, match in enumerate(starts):
        end = starts[number + 1].start() - 1 if number + 1 < len(starts) else len(body) - 1
        label, role = match.group(0)[:-2], match.group(1)
        said = body[match.end() : end]
        if not said:
            raise LayoutError(f"a turn of {label} under [{transcript}] has no words")
        speaker = "" if label == UNNAMED else label
        turns.append(PastTurn(transcript, speaker, _ROLES.get(role, ""), said))
    return turns


def _check_notes(passages: list[PastNote | PastTurn]) -> None:
    """An interview has one note of a kind for each question (and one general one)."""
    seen: set[tuple[str, str]] = set()
    for passage in passages:
        if isinstance(passage, PastNote):
            key = (passage.kind, passage.question)
            if key in seen:
                raise LayoutError(f"the section {heading(passage)} appears twice")
            seen.add(key)
