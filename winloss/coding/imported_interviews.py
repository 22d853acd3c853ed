"""The one engine that writes interviews coded before winloss into a program, whatever file
they came from: a spreadsheet of excerpts (``history_import``) or a REFI-QDA project
(``qdpx.reading``).

Each interview is written already validated (it was reviewed where it was held before): a sample
entry for its deal, an appointment and the consent as the file records it, its notes and
transcript turns, a sign-off by the person importing, and its excerpts coded through
``services.code_excerpt``, so analysis counts the history with the new interviews. The readers
check everything they can before calling in here; what only the database can tell (a deal that
already has an interview in the program, a guide without a note's question) comes back as
problems, and then nothing is written.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.deals.models import Competitor, Contact, Deal, DecisionRole
from winloss.guides.models import GuideStatus, GuideVersion, Question, Section
from winloss.interviews.models import (
    Interview,
    InterviewStatus,
    Note,
    SpeakerRole,
    Transcript,
    TranscriptTurn,
)
from winloss.interviews.review.models import Validation, ValidationStatus
from winloss.outreach.models import Appointment, AppointmentStatus, Attribution
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.programs.models import (
    Allocation,
    EntrySource,
    EntryStatus,
    Program,
    SampleDraw,
    SampleEntry,
)
from winloss.programs.services import program_for_import

from . import services
from .models import Direction, Theme

# The question of the guide made for imported interviews whose notes answer none in particular.
GUIDE_QUESTION = "What led to your decision? (imported interview)"
# Said of a deal whose interview the program already holds.
ALREADY_HEARD = "This deal already has an interview in the program."


def _normalised(value: str) -> str:
    return " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()


_DIRECTIONS = {
    **{_normalised(value): value for value in Direction.values},
    **{_normalised(label): value for value, label in Direction.choices},
    "win": Direction.WIN_DRIVER,
    "loss": Direction.LOSS_DRIVER,
}
_ATTRIBUTIONS = {
    **{_normalised(value): value for value in Attribution.values},
    **{_normalised(label): value for value, label in Attribution.choices},
}
_ROLES = {
    **{_normalised(value): value for value in DecisionRole.values},
    **{_normalised(label): value for value, label in DecisionRole.choices},
}


def direction_named(text: str) -> str | None:
    """``win driver``, ``Loss driver``, ``neutral``, ``win_driver``, ``win`` … as a direction."""
    return _DIRECTIONS.get(_normalised(text))


def attribution_named(text: str) -> str | None:
    """``named``, ``anonymous``, ``not quotable`` (any case, spaces or underscores)."""
    return _ATTRIBUTIONS.get(_normalised(text))


def role_named(text: str) -> str | None:
    """A respondent's role in the decision by its value or label (``Executive sponsor``)."""
    return _ROLES.get(_normalised(text))


@dataclass(frozen=True)
class PastNote:
    kind: str  # NoteKind
    text: str
    question: str = ""  # the guide question it answers, by its text; "" for a general note


@dataclass(frozen=True)
class PastTurn:
    transcript: str  # the transcript's file name: the turns of one name make one transcript
    speaker: str
    role: str  # SpeakerRole, or "" when unknown
    text: str


@dataclass(frozen=True)
class PastCode:
    passage: int  # the index of the note or turn in ``PastInterview.passages``
    start: int
    end: int
    theme: Theme
    direction: str
    competitor: Competitor | None = None


@dataclass
class PastInterview:
    """One interview to write, as a reader found it. ``ref`` is the reader's own handle on it
    (a spreadsheet row, a project's source), handed back with any problem about it."""

    ref: Any
    deal: Deal
    date: dt.date
    attribution: str
    passages: list[PastNote | PastTurn]
    codes: list[PastCode]
    role: str = ""
    respondent: str = ""
    rep_reason: str = ""


@dataclass
class PastImportResult:
    """What importing a file of past interviews did (dry: would do), as the page, the command
    and its JSON say it; each file format adds what only it knows."""

    program: Program | None = None
    created_program: bool = False
    interviews: int = 0
    excerpts: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "interviews": self.interviews,
            "excerpts": self.excerpts,
            "created_program": self.created_program,
            "dry_run": self.dry_run,
        }

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        made = " into a new program" if self.created_program else ""
        return f"{verb} {self.interviews} interviews and {self.excerpts} coded excerpts{made}."


@dataclass
class Written:
    program: Program | None = None
    created_program: bool = False
    interviews: int = 0
    excerpts: int = 0
    # (the interview's ref, what is wrong): when there is any, nothing was written.
    problems: list[tuple[Any, str]] = field(default_factory=list)


def write_past_interviews(
    *,
    workspace: Workspace,
    program_name: str,
    interviews: list[PastInterview],
    file_name: str,
    user: User | None = None,
    actor: str = "",
    dry_run: bool = False,
) -> Written:
    """Write ``interviews`` into the program named ``program_name`` (made when there is none,
    its scope from the deals). All or nothing: with any problem, or ``dry_run``, the
    transaction is rolled back and the counts say what would have been written."""
    written = Written()
    with transaction.atomic():
        program, written.created_program = _program(
            workspace, program_name, interviews, user=user, actor=actor, file_name=file_name
        )
        entries = _entries(program, interviews, written.problems, user=user, file_name=file_name)
        guide = _guide(program, interviews, written.problems, user=user)
        if written.problems:
            transaction.set_rollback(True)
            written.created_program = False
            return written
        assert guide is not None  # None only with a problem
        for past in interviews:
            written.excerpts += _interview(
                program, entries[past.deal.pk], guide, past,
                user=user, actor=actor, file_name=file_name,
            )  # fmt: skip
            written.interviews += 1
        log_action(
            program,
            "coding.history_imported",
            user=user,
            actor=actor,
            data={"file": file_name, "interviews": written.interviews,
                  "excerpts": written.excerpts},
        )  # fmt: skip
        written.program = program
        if dry_run:
            transaction.set_rollback(True)
    return written


def _program(
    workspace: Workspace,
    name: str,
    interviews: list[PastInterview],
    *,
    user: User | None,
    actor: str,
    file_name: str,
) -> tuple[Program, bool]:
    return program_for_import(
        workspace=workspace,
        name=name,
        deals=[past.deal for past in interviews],
        objective=f"Past win-loss interviews, imported from {file_name}.",
        user=user,
        actor=actor,
    )


def _questions(interviews: list[PastInterview]) -> list[str]:
    """The questions the notes answer, in an order that keeps each interview's own order."""
    order: list[str] = []
    for past in interviews:
        after = -1
        for passage in past.passages:
            if not isinstance(passage, PastNote) or not passage.question:
                continue
            if passage.question in order:
                after = order.index(passage.question)
            else:
                after += 1
                order.insert(after, passage.question)
    return order


def _guide(
    program: Program,
    interviews: list[PastInterview],
    problems: list[tuple[Any, str]],
    *,
    user: User | None,
) -> GuideVersion | None:
    """The program's approved guide, or a guide made for its imported interviews: the questions
    their notes answer, or one question when they answer none in particular.

    Made directly rather than through the guide services: there is nothing to write or review
    in it, and an interview must follow an approved version (it never changes afterwards)."""
    wanted = _questions(interviews)
    guide = program.guide_versions.filter(status=GuideStatus.APPROVED).order_by("-number").first()
    if guide is not None:
        asked = set(guide.questions.values_list("text", flat=True))
        for past in interviews:
            missing = [q for q in wanted if q not in asked and _answers(past, q)]
            if missing:
                problems.append(
                    (past.ref, f"The program's guide has no question “{missing[0]}”: import into a "
                           "new program, or into one whose approved guide asks it.")
                )  # fmt: skip
        return guide
    number = (program.guide_versions.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1  # fmt: skip
    guide = GuideVersion.objects.create(program=program, number=number, created_by=user)
    for position, text in enumerate(wanted or [GUIDE_QUESTION], start=1):
        Question.objects.create(
            guide_version=guide, section=Section.COMMON, position=position, text=text
        )
    # Approved once its questions are in: an approved version no longer changes.
    guide.status, guide.approved_by, guide.approved_at = GuideStatus.APPROVED, user, timezone.now()
    guide.save()
    return guide


def _answers(past: PastInterview, question: str) -> bool:
    return any(isinstance(p, PastNote) and p.question == question for p in past.passages)


def _contact(deal: Deal, name: str, role: str) -> Contact | None:
    if not name:
        return None
    contact = Contact.objects.filter(
        workspace_id=deal.workspace_id, account=deal.account, name__iexact=name
    ).first()
    return contact or Contact.objects.create(
        workspace_id=deal.workspace_id,
        account=deal.account,
        name=name,
        decision_role=role or DecisionRole.OTHER,
    )


def _entries(
    program: Program,
    interviews: list[PastInterview],
    problems: list[tuple[Any, str]],
    *,
    user: User | None,
    file_name: str,
) -> dict[int, SampleEntry]:
    """The sample entry of each deal, made when the deal is not in the program's sample yet."""
    first: dict[int, PastInterview] = {}
    for past in interviews:
        first.setdefault(past.deal.pk, past)
    existing = {
        e.deal_id: e
        for e in SampleEntry.objects.current(program)
        .filter(deal__in=first)
        .prefetch_related("interviews")
    }
    for deal_id, entry in existing.items():
        if entry.interview is not None:
            problems.append((first[deal_id].ref, ALREADY_HEARD))
    if problems:
        return {}
    draw = SampleDraw.objects.filter(program=program, discarded_at=None).first()
    if draw is None:
        draw = SampleDraw.objects.create(
            workspace=program.workspace,
            program=program,
            size=len(first),
            allocation=Allocation.PROPORTIONAL,
            seed=0,
            eligible=len(first),
            notes=[f"Imported from {file_name}: the deals of past interviews, not a draw."],
            drawn_by=user,
        )
    entries = {}
    for deal_id, past in first.items():
        entry = existing.get(deal_id) or SampleEntry(
            workspace=program.workspace, program=program, draw=draw, deal=past.deal,
            outcome=past.deal.outcome, source=EntrySource.MANUAL,
            reason=f"Imported from {file_name}",
        )  # fmt: skip
        entry.contact = _contact(past.deal, past.respondent, past.role) or entry.contact
        entry.status, entry.interviewed_on = EntryStatus.INTERVIEWED, past.date
        entry.save()
        entries[deal_id] = entry
    return entries


def _appointment(entry: SampleEntry, past: PastInterview) -> Appointment:
    """The deal's first voice for its first imported interview; a further voice (with no
    contact: the file names no one) for each one after it."""
    appointment = begin_appointment(entry)
    if Interview.objects.filter(appointment=appointment).exists():
        appointment = Appointment.objects.create(
            entry=entry,
            workspace=entry.workspace,
            program=entry.program,
            respondent_role=past.role,
            interviewer=entry.interviewer,
        )
    return appointment


def _interview(
    program: Program,
    entry: SampleEntry,
    guide: GuideVersion,
    past: PastInterview,
    *,
    user: User | None,
    actor: str,
    file_name: str,
) -> int:
    """One interview with its notes, transcripts and excerpts; the number of excerpts."""
    appointment = _appointment(entry, past)
    held = timezone.make_aware(dt.datetime.combine(past.date, dt.time(12)))
    appointment.status, appointment.starts_at = AppointmentStatus.COMPLETED, held
    appointment.save(update_fields=["status", "starts_at"])
    has_turns = any(isinstance(p, PastTurn) for p in past.passages)
    record_consent(
        appointment,
        ConsentAnswers(
            notes_allowed=True,
            recording_allowed=False,
            # The file holds a transcript: one was allowed where the interview was held.
            transcription_allowed=has_turns,
            attribution=past.attribution,
        ),
        given_by=f"imported from {file_name}",
    )
    interview = Interview.objects.create(
        workspace=program.workspace,
        program=program,
        entry=entry,
        appointment=appointment,
        guide_version=guide,
        respondent_role=past.role,
        status=InterviewStatus.COMPLETED,
        completed_at=held,
    )
    Interview.objects.filter(pk=interview.pk).update(started_at=held)  # auto_now_add
    keys = _passages(interview, guide, past, user=user, file_name=file_name)
    Validation.objects.create(
        interview=interview,
        status=ValidationStatus.SIGNED_OFF,
        reviewer=user,
        comments=f"Imported from {file_name}",
        decided_at=timezone.now(),
    )
    for code in past.codes:
        services.code_excerpt(
            interview=interview,
            passage_key=keys[code.passage],
            start=code.start,
            end=code.end,
            theme=code.theme,
            direction=code.direction,
            competitor=code.competitor,
            user=user,  # type: ignore[arg-type]  # None: the system, for an import from the CLI
        )
    if past.rep_reason and not past.deal.rep_stated_reason:
        Deal.objects.filter(pk=past.deal.pk).update(rep_stated_reason=past.rep_reason)
    log_action(
        interview,
        "interview.imported",
        user=user,
        actor=actor,
        data={"file": file_name, "excerpts": len(past.codes), "imported": True},
    )
    return len(past.codes)


def _passages(
    interview: Interview,
    guide: GuideVersion,
    past: PastInterview,
    *,
    user: User | None,
    file_name: str,
) -> list[str]:
    """Save the interview's notes and transcript turns; the passage key of each, in order."""
    questions = {q.text: q for q in guide.questions.all()}
    transcripts: dict[str, Transcript] = {}
    positions: dict[str, int] = {}
    keys = []
    for passage in past.passages:
        if isinstance(passage, PastNote):
            note = Note.objects.create(
                interview=interview,
                question=questions.get(passage.question) if passage.question else None,
                kind=passage.kind,
                text=passage.text,
                updated_by=user,
            )
            keys.append(f"note-{note.pk}")
            continue
        transcript = transcripts.get(passage.transcript)
        if transcript is None:
            roles = {
                p.speaker: p.role
                for p in past.passages
                if isinstance(p, PastTurn) and p.transcript == passage.transcript and p.speaker
            }
            transcript = transcripts[passage.transcript] = Transcript.objects.create(
                interview=interview,
                format="imported",
                filename=passage.transcript[:255],
                uploaded_by=user,
                speaker_map={s: r or SpeakerRole.OTHER for s, r in roles.items()},
            )
        positions[passage.transcript] = position = positions.get(passage.transcript, 0) + 1
        turn = TranscriptTurn.objects.create(
            transcript=transcript, position=position, speaker=passage.speaker[:200],
            text=passage.text,
        )  # fmt: skip
        keys.append(f"turn-{turn.pk}")
    return keys
