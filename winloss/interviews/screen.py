"""What the interview screen shows: the guide's questions for this deal's outcome, in order."""

from dataclasses import dataclass

from winloss.guides.models import Question
from winloss.guides.queries import preview

from .models import Interview, Note, NoteKind


@dataclass(frozen=True)
class Step:
    number: int
    question: Question | None  # None: the closing page for general notes


def questions_for(interview: Interview) -> list[Question]:
    return [
        q
        for section in preview(interview.guide_version, interview.entry.outcome)
        for q in section.questions
    ]


def notes_by_kind(interview: Interview, question: Question | None) -> dict[str, Note | None]:
    notes = {n.kind: n for n in Note.objects.filter(interview=interview, question=question)}
    return {kind: notes.get(kind) for kind in NoteKind.values}
