"""What can be coded in an interview: its notes and the turns of its transcripts.

A passage is named by a key (``note-12``, ``turn-40``) and its text with line ends made
``\\n``: a browser reads ``\\r\\n`` as one character, and the offsets a person's selection gives
must count characters as the server does.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from winloss.interviews.models import Interview, Note, NoteKind, TranscriptTurn
from winloss.lib.forms import is_id


@dataclass
class Passage:
    key: str
    label: str
    text: str
    kind: str  # "note" or "turn"
    pk: int
    excerpts: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)
    hints: list = field(default_factory=list)

    @property
    def is_coded(self) -> bool:
        return bool(self.excerpts)

    def links(self) -> dict:
        return {"note_id": self.pk} if self.kind == "note" else {"transcript_turn_id": self.pk}


def plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def passages_of(interview: Interview) -> list[Passage]:
    notes = (
        Note.objects.filter(interview=interview)
        .exclude(text="")
        .select_related("question")
        .order_by("question__position", "question_id", "kind")
    )
    passages = [
        Passage(
            key=f"note-{note.pk}",
            label=f"{NoteKind(note.kind).label}"
            + (f" · {note.question.text}" if note.question else " · closing notes"),
            text=plain(note.text),
            kind="note",
            pk=note.pk,
        )
        for note in notes
    ]
    turns = (
        TranscriptTurn.objects.filter(transcript__interview=interview)
        .exclude(text="")
        .select_related("transcript")
        .order_by("transcript_id", "position")
    )
    for turn in turns:
        role = turn.transcript.role_of(turn.speaker)
        who = f"{turn.speaker} ({role})" if role else (turn.speaker or "Unnamed speaker")
        passages.append(
            Passage(
                key=f"turn-{turn.pk}",
                label=f"{turn.transcript.filename} · {who}",
                text=plain(turn.text),
                kind="turn",
                pk=turn.pk,
            )
        )
    return passages


def find_passage(interview: Interview, key: str) -> Passage | None:
    kind, _, raw = key.partition("-")
    if not is_id(raw):
        return None
    pk = int(raw)
    texts: QuerySet[Note] | QuerySet[TranscriptTurn]
    if kind == "note":
        texts = Note.objects.filter(interview=interview, pk=pk)
    elif kind == "turn":
        texts = TranscriptTurn.objects.filter(transcript__interview=interview, pk=pk)
    else:
        return None
    # Only the text, by primary key: no model to build and no default ordering to compile
    # (this runs on every excerpt coded).
    try:
        text = texts.values_list("text", flat=True).get()
    except (Note.DoesNotExist, TranscriptTurn.DoesNotExist):
        return None
    return Passage(key=key, label="", text=plain(text), kind=kind, pk=pk)
