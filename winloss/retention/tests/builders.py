"""Interviews old enough (or not) for the retention policy, with words that give people away."""

import datetime as dt

from django.utils import timezone

from winloss.coding.models import CodedExcerpt, Direction
from winloss.coding.queries import codebook_for
from winloss.interviews.models import Interview, NoteRevision
from winloss.outreach.models import Attribution
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.testing import make_contact, make_interview

SAID = (
    "Dana Whitfield here: Northwind's board chose you; call me on +44 20 7946 0958 or mail "
    "dana.whitfield@northwind.example."
)
TURN = "Honestly, Northwind Traders picked you on price."


def old_interview(
    program, *, days_ago: int, attribution: str = Attribution.ANONYMOUS, text: str = SAID
) -> Interview:
    """A completed interview ``days_ago`` days old: a note with a revision, a transcript of one
    turn, an excerpt coded in each, and the respondent's consent to be quoted as ``attribution``."""
    workspace = program.workspace
    interview = make_interview(program, [text])
    deal = interview.entry.deal
    # Account names are unique in a workspace; the parent is how people speak of it.
    deal.account.parent_name = "Northwind Traders, Inc."
    deal.account.save()
    entry = interview.entry
    entry.contact = make_contact(workspace, name="Dana Whitfield", account=deal.account)
    entry.save()
    appointment = begin_appointment(entry)
    answers = ConsentAnswers(
        notes_allowed=True,
        recording_allowed=False,
        transcription_allowed=True,
        attribution=attribution,
    )
    record_consent(appointment, answers, given_by="Dana Whitfield")
    completed = timezone.now() - dt.timedelta(days=days_ago)
    Interview.objects.filter(pk=interview.pk).update(
        appointment=appointment, completed_at=completed
    )
    interview.refresh_from_db()
    note = interview.notes.get()
    NoteRevision.objects.create(note=note, version=1, text="Dana said: first draft")
    transcript = interview.transcripts.create(format="webvtt", filename="call.vtt")
    turn = transcript.turns.create(position=1, speaker="Dana", text=TURN)
    theme = codebook_for(workspace)[0]
    CodedExcerpt.objects.create(
        workspace=workspace, program=program, interview=interview, note=note,
        start=0, end=len(text), text=text, theme=theme, direction=Direction.LOSS_DRIVER,
    )  # fmt: skip
    CodedExcerpt.objects.create(
        workspace=workspace, program=program, interview=interview, transcript_turn=turn,
        start=0, end=len(TURN), text=TURN, theme=theme, direction=Direction.WIN_DRIVER,
    )  # fmt: skip
    return interview
