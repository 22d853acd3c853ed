"""Coded interviews from before winloss: a spreadsheet of excerpts, one row an excerpt.

Each deal's rows become one interview of the program, already validated (it was reviewed where
it was held before), with a general note holding the excerpts' words and the excerpts coded
inside that note, so analysis counts the history with the new interviews. The rows are read and
checked here; ``imported_interviews`` writes them, as it writes a REFI-QDA project's. Nothing is
saved when any row has an error; each error names the row a spreadsheet shows, the column and
the value.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from winloss.deals.imports.errors import ImportFailed, RowError, ValueProblem
from winloss.deals.imports.formats import normalise
from winloss.deals.imports.values import parse_date
from winloss.deals.models import Competitor, Deal, DecisionRole
from winloss.deals.queries import competitor_named
from winloss.interviews.models import NoteKind
from winloss.lib.tables.reading import Source, open_table

from .imported_interviews import (
    PastCode,
    PastImportResult,
    PastInterview,
    PastNote,
    attribution_named,
    direction_named,
    role_named,
    write_past_interviews,
)
from .models import Theme
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
# The excerpts of one interview, one after the other in its general note.
SEPARATOR = "\n\n"


@dataclass
class HistoryResult(PastImportResult):
    errors: list[RowError] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": [e.as_dict() for e in self.errors]}

    def summary(self) -> str:
        if self.stopped:
            return (
                f"Nothing imported: {len(self.errors)} errors in the file. Fix them and import "
                "it again."
            )
        return super().summary()


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
        direction = direction_named(r["direction"])
        if direction is None:
            problem("direction", "Write win driver, loss driver or neutral.")
        attribution = attribution_named(r["attribution"])
        if attribution is None:
            problem("attribution", "Write named, anonymous or not_quotable.")
        role = ""
        if r.get("role"):
            role = role_named(r["role"]) or ""
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


def _interviews(rows: list[_Row]) -> list[PastInterview]:
    """Each deal's rows as one interview: a general note holding the excerpts' words, one after
    the other (the same words coded with two themes are one span), each coded inside it."""
    by_deal: dict[int, list[_Row]] = {}
    for row in rows:
        by_deal.setdefault(row.deal.pk, []).append(row)
    interviews = []
    for deal_rows in by_deal.values():
        spans: dict[str, tuple[int, int]] = {}
        parts: list[str] = []
        offset = 0
        for row in deal_rows:
            if row.text not in spans:
                spans[row.text] = (offset, offset + len(row.text))
                parts.append(row.text)
                offset += len(row.text) + len(SEPARATOR)
        first = deal_rows[0]
        interviews.append(
            PastInterview(
                ref=first,
                deal=first.deal,
                date=first.date,
                attribution=first.attribution,
                passages=[PastNote(kind=NoteKind.QUOTE, text=SEPARATOR.join(parts))],
                codes=[
                    PastCode(0, *spans[row.text], row.theme, row.direction, row.competitor)
                    for row in deal_rows
                ],
                role=first.role,
                respondent=first.respondent,
                rep_reason=first.rep_reason,
            )
        )
    return interviews


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
    written = write_past_interviews(
        workspace=workspace,
        program_name=program_name,
        interviews=_interviews(rows),
        file_name=file_name,
        user=user,
        actor=actor,
        dry_run=dry_run,
    )
    for row, message in written.problems:
        column = COLUMNS["crm_id"][0]
        result.errors.append(RowError(row.number, column, row.deal.crm_id, message))
    if not result.errors:
        result.program, result.created_program = written.program, written.created_program
        result.interviews, result.excerpts = written.interviews, written.excerpts
    return result
