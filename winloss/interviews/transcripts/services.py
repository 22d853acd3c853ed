"""Writes for transcripts (SOP step 5): attach one to an interview — only with the
respondent's consent to recording or transcription — say who is who, quote from it."""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import cast

from django.core.files import File
from django.db import connection, transaction

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.deals.models import Deal
from winloss.lib.rows import Columns, partial
from winloss.outreach.models import ConsentRecord
from winloss.programs.models import Program, SampleEntry

from .. import access
from ..models import Interview, Note, NoteKind, Validation
from ..queries import entry_with_deal
from ..services import InterviewError, Saved, refuse, save_note
from .formats import TranscriptError, Turn, parse_transcript
from .models import SpeakerRole, Transcript, TranscriptTurn

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024


def upload_refusal(consent: ConsentRecord | None) -> str:
    """Why no transcript may be attached under this consent; "" when one may."""
    return transcription_refusal(None if consent is None else consent.transcription_allowed)


def transcription_refusal(allowed: bool | None) -> str:
    """Why no transcript may be attached when the latest consent answered ``allowed`` about
    transcripts (None: no consent is recorded); "" when one may."""
    if allowed is None:
        return (
            "No consent is recorded for this interview, so no transcript may be attached: the "
            "respondent must allow a transcript of the call."
        )
    # A transcript is a transcription, whatever made it: permission to record is not enough.
    if not allowed:
        return (
            "The respondent did not allow a transcript of the call, so none may be attached. "
            "Keep to your notes."
        )
    return ""


_INTERVIEW = Columns(Interview, "i")


def _consent_sql(appointment: str) -> str:
    """The latest consent's answer on transcripts for the appointment ``appointment`` names
    (the one given last; ties in time go to the later record, as ``consents_latest_first``)."""
    return (
        f"SELECT c.transcription_allowed FROM {ConsentRecord._meta.db_table} c "
        f"WHERE c.appointment_id = {appointment} ORDER BY c.given_at DESC, c.id DESC LIMIT 1"
    )


@cache
def _upload_sql() -> str:
    table = {m: m._meta.db_table for m in (Program, SampleEntry, Deal, Validation)}
    return (
        f"SELECT {_INTERVIEW.select()}, p.name, p.workspace_id, d.id, d.name, d.owner_id, "
        f"d.owner_email, d.owner_name, v.id, v.status, ({_consent_sql('i.appointment_id')}) "
        f"FROM {_INTERVIEW.table} i "
        f"INNER JOIN {table[Program]} p ON p.id = i.program_id "
        f"LEFT JOIN {table[SampleEntry]} e ON e.id = i.entry_id "
        f"LEFT JOIN {table[Deal]} d ON d.id = e.deal_id "
        f"LEFT JOIN {table[Validation]} v ON v.interview_id = i.id "
        "WHERE i.id = %s AND i.program_id = %s AND i.workspace_id = %s AND p.workspace_id = %s"
    )


def interview_to_attach_to(
    workspace: Workspace, program_id: int, interview_id: int
) -> Interview | None:
    """The interview of the workspace's program a transcript is uploaded to, with everything
    ``attach_transcript`` checks read in this one query: its program, sample entry and deal,
    its validation, and ``transcription_consent``, the latest consent's answer on transcripts
    (None when no consent is recorded). Written once (``lib.rows``): the ORM took a fifth of
    an upload's time building this query."""
    with connection.cursor() as cursor:
        cursor.execute(_upload_sql(), [interview_id, program_id, workspace.pk, workspace.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    interview = _INTERVIEW.build(row[: len(_INTERVIEW)])
    (program_name, program_workspace, deal_pk, deal_name, owner_pk, owner_email, owner_name,
     validation_pk, validation_status, consent) = row[len(_INTERVIEW) :]  # fmt: skip
    interview.program = partial(
        Program, id=interview.program_id, name=program_name, workspace_id=program_workspace
    )
    if interview.entry_id is not None:
        interview.entry = entry_with_deal(
            interview.entry_id, deal_pk, deal_name, owner_pk, owner_email, owner_name
        )
    # None when it has none: read as "not validated" without asking again.
    interview.validation = (
        partial(Validation, id=validation_pk, interview_id=interview.pk, status=validation_status)
        if validation_pk is not None
        else None
    )
    interview.transcription_consent = None if consent is None else bool(consent)  # type: ignore[attr-defined]
    return interview


def latest_transcription_consent(interview: Interview) -> bool | None:
    """The latest consent's answer on transcripts as it stands now; None when none is
    recorded."""
    if interview.appointment_id is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_consent_sql("%s"), [interview.appointment_id])
        row = cursor.fetchone()
    return None if row is None else bool(row[0])


@dataclass(frozen=True)
class Attached:
    transcript: Transcript
    turns: int  # how many turns were kept, so the page need not count them again


def attach_transcript(
    interview: Interview,
    *,
    upload: File,
    format: str = "auto",
    user: User,
    role: str | None = None,
) -> Attached:
    """Read ``upload`` into speaker turns and keep them with the interview; all or nothing.

    Consent is checked first, against the latest record as it stands now, so a refused upload
    is not even read (an interview from ``interview_to_attach_to`` carries that answer). The
    file is read and parsed before the write transaction begins, so a slow or hostile file
    never holds the database while it is read. ``role`` is the user's in the workspace, when
    the caller knows it.
    """
    annotated = getattr(interview, "transcription_consent", _UNREAD)
    consent = (
        latest_transcription_consent(interview)
        if annotated is _UNREAD
        # The answer interview_to_attach_to's query annotated: a bool, or None for no consent.
        else cast("bool | None", annotated)
    )
    _check_may_attach(interview, user=user, role=role, consent=consent)
    filename = PurePath(upload.name or "").name[:255] or "transcript"
    too_big = InterviewError(
        f"{filename} is {(upload.size or 0) / 1024**2:.1f} MB; a transcript may be at most "
        f"{MAX_MB} MB. Upload the transcript the tool exports (.vtt, .srt, .txt, .docx or "
        ".json), not the recording."
    )
    if upload.size is not None and upload.size > MAX_BYTES:
        raise too_big
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_big
    try:
        parsed = parse_transcript(data, filename=filename, format=format)
    except TranscriptError as error:
        raise InterviewError(str(error)) from None
    # A CharField's length: names longer than any real one are cut the same way everywhere.
    turns = [Turn(t.speaker[:200], t.start, t.end, t.text) for t in parsed.turns]
    transcript = _keep_transcript(
        interview, turns=turns, format=parsed.format, filename=filename, user=user, role=role
    )
    return Attached(transcript, turns=len(turns))


_UNREAD = object()


def _check_may_attach(
    interview: Interview, *, user: User, role: str | None, consent: bool | None
) -> None:
    # One rule for every write to an interview (neutrality, assignment, completed, validated).
    refuse(access.write_refusal(interview, user, role=role))
    refusal = transcription_refusal(consent)
    if refusal:
        raise InterviewError(refusal)


@transaction.atomic
def _keep_transcript(
    interview: Interview,
    *,
    turns: list[Turn],
    format: str,
    filename: str,
    user: User,
    role: str | None,
) -> Transcript:
    # Again inside the transaction: consent may have been withdrawn while the file was read.
    _check_may_attach(
        interview, user=user, role=role, consent=latest_transcription_consent(interview)
    )
    transcript = Transcript.objects.create(
        interview=interview,
        format=format,
        filename=filename,
        uploaded_by=user,
        # The check above made sure the user is the interviewer.
        speaker_map=guess_roles(turns, interviewer=user),
    )
    _insert_turns(transcript, turns)
    log_action(
        interview.program,
        "interview.transcript_attached",
        user=user,
        data={"deal": str(interview.entry.deal), "file": filename, "turns": len(turns)},
    )
    return transcript


_TURNS = TranscriptTurn._meta.db_table
_TURN_COLUMNS = ("transcript_id", "position", "speaker", "start", "end", "text")


def _insert_turns(transcript: Transcript, turns: list[Turn]) -> None:
    """The turns in multi-row INSERT statements: one for a transcript of up to 166 turns on
    SQLite (its 999 parameters a statement, as Django counts them), more for longer ones.

    A transcript has hundreds of turns and they are the one bulk write of an upload. The ORM's
    ``bulk_create`` builds a model per turn and compiles the SQL of each batch (five times the
    time of this); DB-API ``executemany`` runs one prepared INSERT per row (twice the time).
    The values are plain text and numbers, so nothing of the ORM is lost.
    """
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _TURN_COLUMNS)
    row = f"({', '.join(['%s'] * len(_TURN_COLUMNS))})"
    batch = (connection.features.max_query_params or 6000) // len(_TURN_COLUMNS)
    with connection.cursor() as cursor:
        for first in range(0, len(turns), batch):
            chunk = turns[first : first + batch]
            values = [
                value
                for position, turn in enumerate(chunk, start=first + 1)
                for value in (
                    transcript.pk,
                    position,
                    turn.speaker,
                    turn.start,
                    turn.end,
                    turn.text,
                )
            ]
            cursor.execute(
                f"INSERT INTO {quote(_TURNS)} ({columns}) VALUES {', '.join([row] * len(chunk))}",
                values,
            )


def guess_roles(turns: list[Turn], *, interviewer: User | None) -> dict[str, str]:
    """Who is who, as a first guess: the speaker named like the interviewer is the interviewer;
    of the others, whoever says the most is the respondent (in a win-loss interview the buyer
    does the talking). With two speakers and no name match, the other one is the interviewer."""
    words: Counter[str] = Counter()
    for turn in turns:
        if turn.speaker:
            words[turn.speaker] += len(turn.text.split())
    speakers = list(words)  # a Counter keeps the order of first appearance
    roles = dict.fromkeys(speakers, SpeakerRole.OTHER.value)
    theirs = _speaker_named_like(speakers, interviewer)
    if theirs is not None:
        roles[theirs] = SpeakerRole.INTERVIEWER.value
    others = [s for s in speakers if s != theirs]
    if others:
        respondent = max(others, key=lambda s: words[s])  # ties: the first to speak
        roles[respondent] = SpeakerRole.RESPONDENT.value
        if theirs is None and len(speakers) == 2:
            (remaining,) = (s for s in speakers if s != respondent)
            roles[remaining] = SpeakerRole.INTERVIEWER.value
    return roles


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[\W_]+", name.casefold()) if w)


def _speaker_named_like(speakers: list[str], user: User | None) -> str | None:
    """The speaker whose name is the user's: the same words, or all of one's words in the
    other's ("Iris" for Iris Interviewer, "Dr. Melissa Ko" for Melissa Ko)."""
    if user is None:
        return None
    mine = _name_words(user.name or user.email.split("@")[0])
    if not mine:
        return None
    best, best_overlap = None, 0
    for speaker in speakers:
        theirs = _name_words(speaker)
        if not theirs:
            continue
        if theirs == mine:
            return speaker
        if (theirs <= mine or mine <= theirs) and len(theirs & mine) > best_overlap:
            best, best_overlap = speaker, len(theirs & mine)
    return best


@transaction.atomic
def map_speakers(transcript: Transcript, *, roles: dict[str, str], user: User) -> Transcript:
    """Say who each speaker is: interviewer, respondent or someone else."""
    interview = transcript.interview
    refuse(access.write_refusal(interview, user))
    if set(roles) - set(transcript.speakers()):
        raise InterviewError("That is not a speaker in this transcript.")
    if set(roles.values()) - set(SpeakerRole.values):
        raise InterviewError("Choose interviewer, respondent or other for each speaker.")
    before = transcript.speaker_map
    after = {**before, **roles}
    changed = [name for name in roles if before.get(name) != roles[name]]
    if not changed:
        return transcript
    Transcript.objects.filter(pk=transcript.pk).update(speaker_map=after)
    transcript.speaker_map = after
    log_action(
        interview.program,
        "interview.transcript_speakers_mapped",
        user=user,
        data={
            "deal": str(interview.entry.deal),
            "file": transcript.filename,
            "roles": ", ".join(
                f"{name} as {SpeakerRole(roles[name]).label.lower()}" for name in changed
            ),
        },
    )
    return transcript


@transaction.atomic
def quote_passage(
    transcript: Transcript,
    *,
    position: int,
    passage: str,
    question_id: int | None,
    user: User,
) -> Saved:
    """Append a verbatim passage of one turn to the interview's quote note for a question (or
    the general one), saying where in the transcript it was said."""
    interview = transcript.interview
    refuse(access.write_refusal(interview, user))
    turn = transcript.turns.filter(position=position).first()
    if turn is None:
        raise InterviewError("That passage is not in this transcript.")
    passage = " ".join(passage.split())
    if not passage:
        raise InterviewError("Choose the words to quote.")
    if passage not in turn.text:
        raise InterviewError(
            "A quote keeps the words as said: shorten the passage, but do not change its words."
        )
    who = transcript.role_of(turn.speaker).lower() or "unnamed speaker"
    where = f"at {turn.at}" if turn.at else f"turn {turn.position}"
    line = f"“{passage}” ({who}, from the transcript {where})"
    # Appending does not depend on what the note said, so a save that lost the race is simply
    # made again on top of the newer text; the version check still keeps every word.
    for _attempt in range(3):
        # question=, not question_id=: the stubs type the id column as never None, and None
        # is the closing notes'.
        note = Note.objects.filter(
            interview=interview, question=question_id, kind=NoteKind.QUOTE
        ).first()
        text = f"{note.text.rstrip()}\n\n{line}" if note and note.text.strip() else line
        saved = save_note(
            interview,
            question_id=question_id,
            kind=NoteKind.QUOTE,
            text=text,
            base_version=note.version if note else 0,
            user=user,
        )
        if not saved.conflict:
            break
    else:
        raise InterviewError("Someone else keeps saving this note; try again in a moment.")
    log_action(
        interview.program,
        "interview.transcript_quoted",
        user=user,
        data={
            "deal": str(interview.entry.deal),
            "file": transcript.filename,
            "at": turn.at or f"turn {turn.position}",
            "question": f"“{saved.note.question.text}”"
            if saved.note.question
            else "the closing notes",
        },
    )
    return saved
