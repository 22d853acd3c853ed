"""Coded interviews from before winloss: a spreadsheet of excerpts, one row an excerpt.

Each deal's rows become one interview of the program, already validated (it was reviewed where
it was held before), with a general note holding the excerpts' words and the excerpts coded
inside that note, so analysis counts the history with the new interviews. Nothing is saved when
any row has an error; each error names the row a spreadsheet shows, the column and the value.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from winloss.activity.services import log_action
from winloss.deals.imports.errors import ImportFailed, RowError, ValueProblem
from winloss.deals.imports.formats import normalise
from winloss.deals.imports.values import parse_date
from winloss.deals.models import Competitor, Contact, Deal, DecisionRole
from winloss.deals.queries import competitor_named
from winloss.guides.models import GuideStatus, GuideVersion, Question, Section
from winloss.interviews.models import Interview, InterviewStatus, Note, NoteKind
from winloss.interviews.review.models import Validation, ValidationStatus
from winloss.lib.tables.reading import Source, open_table
from winloss.outreach.models import AppointmentStatus, Attribution
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.programs.models import (
    Allocation,
    EntrySource,
    EntryStatus,
    Program,
    SampleDraw,
    SampleEntry,
)
from winloss.programs.services import create_program

from . import services
from .models import Direction, Theme
from .passages import plain
from .queries import codebook_for

# field -> (the column's name in errors, the headers that name it)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "crm_id": ("Deal CRM id", ("deal crm id", "crm id", "deal id", "crm_id", "opportunity id")),
    "date": ("Interview date", ("interview date", "date", "interviewed on")),
    "respondent": ("Respondent name", ("respondent name", "respondent", "interviewee")),
    "role": ("Respondent role", ("respondent role", "role", "decision role")),
    "attribution": ("Attribution", ("attribution", "attribution choice", "consent", "quotable")),
    "text": ("Excerpt text", ("excerpt text", "excerpt", "text", "quote")),
    "theme": ("Theme", ("theme", "theme slug", "theme name", "code")),
    "direction": ("Direction", ("direction", "driver")),
    "competitor": ("Competitor", ("competitor",)),
    "rep_reason": ("Rep's stated reason", ("rep's stated reason", "rep stated reason",
                                           "rep reason", "rep_stated_reason")),
}  # fmt: skip
REQUIRED = ("crm_id", "date", "attribution", "text", "theme", "direction")
GUIDE_QUESTION = "What led to your decision? (imported interview)"
# The excerpts of one interview, one after the other in its general note.
SEPARATOR = "\n\n"

_DIRECTIONS = {
    **{value: value for value in Direction.values},
    **{label.casefold(): value for value, label in Direction.choices},
    "win": Direction.WIN_DRIVER,
    "loss": Direction.LOSS_DRIVER,
}
_ATTRIBUTIONS = {
    **{value: value for value in Attribution.values},
    "not quotable": Attribution.NOT_QUOTABLE,
    **{label.casefold(): value for value, label in Attribution.choices},
}
_ROLES = {
    **{value: value for value in DecisionRole.values},
    **{label.casefold(): value for value, label in DecisionRole.choices},
}


@dataclass
class HistoryResult:
    interviews: int = 0
    excerpts: int = 0
    created_program: bool = False
    program: Program | None = None
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def stopped(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "interviews": self.interviews,
            "excerpts": self.excerpts,
            "created_program": self.created_program,
            "dry_run": self.dry_run,
            "errors": [e.as_dict() for e in self.errors],
        }

    def summary(self) -> str:
        if self.stopped:
            return (
                f"Nothing imported: {len(self.errors)} errors in the file. Fix them and import "
                "it again."
            )
        verb = "Would import" if self.dry_run else "Imported"
        made = " into a new program" if self.created_program else ""
        return f"{verb} {self.interviews} interviews and {self.excerpts} coded excerpts{made}."


@dataclass
class _Row:
    number: int
    deal: Deal
    date: dt.date
    respondent: str
    role: str
    attribution: str
    text: str
    theme: Theme
    direction: str
    competitor: Competitor | None
    rep_reason: str


def _normalised(value: str) -> str:
    return " ".join(value.replace("_", " ").replace("-", " ").split()).casefold()


def _columns(headers: list[str]) -> dict[str, int]:
    wanted = {normalise(name): f for f, (_, names) in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = wanted.get(normalise(header))
        if name and name not in found:
            found[name] = index
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in found]
    if missing:
        raise ImportFailed(
            "The file has no column for " + ", ".join(missing) + ". Its columns are: "
            + ", ".join(h for h in headers if h) + "."
        )  # fmt: skip
    return found


def _read(workspace, source: Source) -> tuple[list[_Row], list[RowError]]:
    """The file's rows, checked; nothing is written here."""
    with open_table(source) as table:
        columns = _columns(table.headers)
        raw = [
            (number, {f: (cells[i] if i < len(cells) else "").strip() for f, i in columns.items()})
            for number, cells in table.rows()
        ]
    if not raw:
        raise ImportFailed("The file has no rows under its header.")
    deals = {
        d.crm_id: d
        for d in Deal.objects.filter(
            workspace=workspace, crm_id__in={r["crm_id"] for _, r in raw}
        ).select_related("account")
    }
    themes: dict[str, Theme] = {}
    for known in codebook_for(workspace):
        themes.setdefault(known.slug, known)
        themes.setdefault(known.name.casefold(), known)
    competitors: dict[str, Competitor | None] = {}
    rows: list[_Row] = []
    errors: list[RowError] = []
    for number, r in raw:
        problems: list[RowError] = []

        def problem(name: str, message: str, r=r, number=number, problems=problems) -> None:
            problems.append(RowError(number, COLUMNS[name][0], r.get(name, ""), message))

        deal = deals.get(r["crm_id"])
        if deal is None:
            problem("crm_id", "No deal of this workspace has this CRM id; import the deal first.")
        date = None
        try:
            date = parse_date(r["date"])
            if date is None:
                problem("date", "Give the date of the interview.")
        except ValueProblem as error:
            problem("date", str(error))
        theme = themes.get(r["theme"]) or themes.get(r["theme"].casefold())
        if theme is None:
            problem("theme", "No active theme of the codebook has this slug or name.")
        direction = _DIRECTIONS.get(_normalised(r["direction"]).replace(" ", "_")) or (
            _DIRECTIONS.get(_normalised(r["direction"]))
        )
        if direction is None:
            problem("direction", "Write win driver, loss driver or neutral.")
        attribution = _ATTRIBUTIONS.get(_normalised(r["attribution"]).replace(" ", "_")) or (
            _ATTRIBUTIONS.get(_normalised(r["attribution"]))
        )
        if attribution is None:
            problem("attribution", "Write named, anonymous or not_quotable.")
        role = ""
        if r.get("role"):
            role = _ROLES.get(_normalised(r["role"]).replace(" ", "_")) or _ROLES.get(
                _normalised(r["role"]), ""
            )
            if not role:
                problem("role", "Write one of " + ", ".join(DecisionRole.labels).lower() + ".")
        if not r["text"].strip():
            problem("text", "Give the excerpt's words.")
        competitor = None
        if r.get("competitor"):
            key = r["competitor"].casefold()
            if key not in competitors:
                competitors[key] = competitor_named(workspace, r["competitor"])
            competitor = competitors[key]
            if competitor is None:
                problem("competitor", "No competitor of this workspace has this name.")
        if problems:
            errors.extend(problems)
            continue
        # Each is None only with a problem said above.
        assert deal is not None and date is not None and theme is not None
        assert attribution is not None and direction is not None
        rows.append(
            _Row(number, deal, date, r.get("respondent", ""), role, attribution,
                 plain(r["text"]), theme, direction, competitor,
                 r.get("rep_reason", ""))
        )  # fmt: skip
    return rows, errors


def _agree(rows: list[_Row]) -> list[RowError]:
    """One interview per deal: its rows must agree on what describes the interview."""
    first: dict[int, _Row] = {}
    errors = []
    for row in rows:
        seen = first.setdefault(row.deal.pk, row)
        for name, attr in (("date", "date"), ("respondent", "respondent"), ("role", "role"),
                           ("attribution", "attribution")):  # fmt: skip
            mine, theirs = getattr(row, attr), getattr(seen, attr)
            if mine != theirs:
                errors.append(
                    RowError(row.number, COLUMNS[name][0], str(mine),
                             f"Row {seen.number} gives {theirs or '(empty)'} for the same deal's "
                             "interview; a deal has one interview in a program.")
                )  # fmt: skip
    return errors


def _program(workspace, name: str, rows: list[_Row], *, user, actor, file_name):
    program = Program.objects.filter(workspace=workspace, name__iexact=name.strip()).first()
    if program is not None:
        return program, False
    deals = {row.deal.pk: row.deal for row in rows}.values()
    closes = [d.close_date for d in deals if d.close_date]
    program = create_program(
        workspace=workspace,
        user=user,
        actor=actor,
        name=name.strip(),
        objective=f"Past win-loss interviews, imported from {file_name}.",
        deal_types=sorted({d.outcome for d in deals}),
        window_start=min(closes, default=None),
        window_end=max(closes, default=None),
        target_sample_size=len(deals),
    )
    return program, True


def _guide(program, user) -> GuideVersion:
    """The program's approved guide, or a one-question guide for its imported interviews.

    Made directly rather than through the guide services: there is nothing to write or review
    in it, and an interview must follow an approved version (it never changes afterwards)."""
    guide = program.guide_versions.filter(status=GuideStatus.APPROVED).order_by("-number").first()
    if guide is not None:
        return guide
    number = (program.guide_versions.order_by("-number").values_list("number", flat=True).first()
              or 0) + 1  # fmt: skip
    guide = GuideVersion.objects.create(program=program, number=number, created_by=user)
    Question.objects.create(
        guide_version=guide, section=Section.COMMON, position=1, text=GUIDE_QUESTION
    )
    # Approved once its question is in: an approved version no longer changes.
    guide.status, guide.approved_by, guide.approved_at = GuideStatus.APPROVED, user, timezone.now()
    guide.save()
    return guide


def _contact(deal: Deal, name: str, role: str):
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


def _entries(program, rows: list[_Row], errors: list[RowError], *, user, file_name):
    """The sample entry of each deal, made when the deal is not in the program's sample yet."""
    by_deal = {row.deal.pk: row for row in rows}
    existing = {
        e.deal_id: e
        for e in SampleEntry.objects.current(program)
        .filter(deal__in=by_deal)
        .prefetch_related("interviews")
    }
    for deal_id, entry in existing.items():
        if entry.interview is not None:
            row = by_deal[deal_id]
            errors.append(
                RowError(row.number, COLUMNS["crm_id"][0], row.deal.crm_id,
                         "This deal already has an interview in the program.")
            )  # fmt: skip
    if errors:
        return {}
    draw = SampleDraw.objects.filter(program=program, discarded_at=None).first()
    if draw is None:
        draw = SampleDraw.objects.create(
            workspace=program.workspace,
            program=program,
            size=len(by_deal),
            allocation=Allocation.PROPORTIONAL,
            seed=0,
            eligible=len(by_deal),
            notes=[f"Imported from {file_name}: the deals of past interviews, not a draw."],
            drawn_by=user,
        )
    entries = {}
    for deal_id, row in by_deal.items():
        entry = existing.get(deal_id) or SampleEntry(
            workspace=program.workspace, program=program, draw=draw, deal=row.deal,
            outcome=row.deal.outcome, source=EntrySource.MANUAL,
            reason=f"Imported from {file_name}",
        )  # fmt: skip
        entry.contact = _contact(row.deal, row.respondent, row.role) or entry.contact
        entry.status, entry.interviewed_on = EntryStatus.INTERVIEWED, row.date
        entry.save()
        entries[deal_id] = entry
    return entries


def _interview(program, entry, guide, rows: list[_Row], *, user, actor, file_name) -> int:
    """One deal's interview with its excerpts coded; the number of excerpts."""
    first = rows[0]
    appointment = begin_appointment(entry)
    held = timezone.make_aware(dt.datetime.combine(first.date, dt.time(12)))
    appointment.status, appointment.starts_at = AppointmentStatus.COMPLETED, held
    appointment.save(update_fields=["status", "starts_at"])
    record_consent(
        appointment,
        ConsentAnswers(
            notes_allowed=True,
            recording_allowed=False,
            transcription_allowed=False,
            attribution=first.attribution,
        ),
        given_by=f"imported from {file_name}",
    )
    interview = Interview.objects.create(
        workspace=program.workspace,
        program=program,
        entry=entry,
        appointment=appointment,
        guide_version=guide,
        respondent_role=first.role,
        status=InterviewStatus.COMPLETED,
        completed_at=held,
    )
    Interview.objects.filter(pk=interview.pk).update(started_at=held)  # auto_now_add
    spans: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    offset = 0
    for row in rows:  # the same words coded with two themes are one span
        if row.text not in spans:
            spans[row.text] = (offset, offset + len(row.text))
            parts.append(row.text)
            offset += len(row.text) + len(SEPARATOR)
    note = Note.objects.create(
        interview=interview, kind=NoteKind.QUOTE, text=SEPARATOR.join(parts), updated_by=user
    )
    Validation.objects.create(
        interview=interview,
        status=ValidationStatus.SIGNED_OFF,
        reviewer=user,
        comments=f"Imported from {file_name}",
        decided_at=timezone.now(),
    )
    for row in rows:
        start, end = spans[row.text]
        services.code_excerpt(
            interview=interview,
            passage_key=f"note-{note.pk}",
            start=start,
            end=end,
            text=row.text,
            theme=row.theme,
            direction=row.direction,
            competitor=row.competitor,
            user=user,
        )
    if first.rep_reason and not first.deal.rep_stated_reason:
        Deal.objects.filter(pk=first.deal.pk).update(rep_stated_reason=first.rep_reason)
    log_action(
        interview,
        "interview.imported",
        user=user,
        actor=actor,
        data={"file": file_name, "excerpts": len(rows), "imported": True},
    )
    return len(rows)


def import_coded_history(
    *,
    workspace,
    source: Source,
    program_name: str,
    file_name: str,
    user=None,
    actor: str = "",
    dry_run: bool = False,
) -> HistoryResult:
    """Import the file into the program named ``program_name`` (made when there is none).
    All or nothing; ``dry_run`` checks and counts and saves nothing. ``ImportFailed`` when the
    file is not a table with the needed columns."""
    if not program_name.strip():
        raise ImportFailed("Name the program to import into.")
    rows, errors = _read(workspace, source)
    errors += _agree(rows)
    result = HistoryResult(dry_run=dry_run)
    if errors:
        result.errors = sorted(errors, key=lambda e: e.row)
        return result
    with transaction.atomic():
        program, result.created_program = _program(
            workspace, program_name, rows, user=user, actor=actor, file_name=file_name
        )
        entries = _entries(program, rows, result.errors, user=user, file_name=file_name)
        if result.errors:
            transaction.set_rollback(True)
            result.created_program = False
            return result
        guide = _guide(program, user)
        by_deal: dict[int, list[_Row]] = {}
        for row in rows:
            by_deal.setdefault(row.deal.pk, []).append(row)
        for deal_id, deal_rows in by_deal.items():
            result.excerpts += _interview(
                program, entries[deal_id], guide, deal_rows,
                user=user, actor=actor, file_name=file_name,
            )  # fmt: skip
            result.interviews += 1
        log_action(
            program,
            "coding.history_imported",
            user=user,
            actor=actor,
            data={"file": file_name, "interviews": result.interviews,
                  "excerpts": result.excerpts},
        )  # fmt: skip
        result.program = program
        if dry_run:
            transaction.set_rollback(True)
    return result
