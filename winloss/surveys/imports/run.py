"""``winloss import-survey``: past survey answers, from a Qualtrics or SurveyMonkey export or
a plain CSV, into a program's survey evidence.

Checked in full before anything is written: with any error, nothing is saved, and each error
names the row a spreadsheet shows, the column and the value. A response already imported for
the same deal and respondent is replaced, so importing a corrected file again is safe.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.coding.models import Theme
from winloss.coding.queries import codebook_for
from winloss.deals.imports.errors import ImportFailed, RowError, ValueProblem, Warnings
from winloss.deals.imports.formats import normalise
from winloss.deals.imports.values import MDY, parse_date
from winloss.deals.models import Contact, Deal, Outcome
from winloss.lib.sql import field_defaults, insert_rows
from winloss.lib.tables.reading import Source, open_table
from winloss.programs.models import Program
from winloss.programs.services import program_for_import

from ..models import ResponseSource, ResponseStatus, SurveyComment, SurveyRating, SurveyResponse
from . import values
from .columns import FORMATS, Columns, detect, flatten, header_rows, locate

__all__ = ["FORMATS", "SurveyImportResult", "import_survey"]


@dataclass
class _Answer:
    row: int
    deal: Deal
    email: str
    completed: dt.datetime | None
    language: str
    main_reason: Theme | None
    main_reason_other: str
    reconsider: int | None
    ratings: dict[int, dict[str, int | None]]  # theme id -> measure -> 1–5
    comments: list[tuple[str, str]]  # (question, answer)


@dataclass
class SurveyImportResult:
    """What the import did (dry: would do), as the command and its JSON say it."""

    file_format: str = ""
    program: Program | None = None
    created_program: bool = False
    responses: int = 0
    replaced: int = 0
    ratings: int = 0
    comments: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return bool(self.errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.file_format,
            "program": self.program.name if self.program else None,
            "created_program": self.created_program,
            "responses": self.responses,
            "replaced": self.replaced,
            "ratings": self.ratings,
            "comments": self.comments,
            "dry_run": self.dry_run,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": self.warnings,
            "ignored_columns": self.ignored_columns,
        }

    def summary(self) -> str:
        if self.stopped:
            return (
                f"Nothing imported: {len(self.errors)} errors in the file. Fix them and import "
                "it again."
            )
        verb = "Would import" if self.dry_run else "Imported"
        made = " into a new program" if self.created_program else ""
        again = f" ({self.replaced} replacing an earlier import)" if self.replaced else ""
        return (
            f"{verb} {self.responses} survey responses{again}, with {self.ratings} factor "
            f"ratings and {self.comments} open answers{made}."
        )


def import_survey(
    *,
    workspace: Workspace,
    source: Source,
    program_name: str,
    file_name: str,
    file_format: str = "auto",
    user: User | None = None,
    actor: str = "",
    dry_run: bool = False,
) -> SurveyImportResult:
    if file_format not in FORMATS:
        raise ImportFailed(f"Unknown format {file_format!r}; use one of {', '.join(FORMATS)}.")
    result = SurveyImportResult(dry_run=dry_run)
    answers = _read(workspace, source, file_format, result)
    if result.errors:
        return result
    if not answers:
        raise ImportFailed("The file has no finished responses to import.")
    _write(workspace, program_name, answers, result, user=user, actor=actor, file_name=file_name)
    return result


def _read(
    workspace: Workspace, source: Source, file_format: str, result: SurveyImportResult
) -> list[_Answer]:
    with open_table(source) as table:
        rows = table.rows()
        # The rows under the header, enough to tell a survey tool's extra header rows.
        first = [item for _, item in zip(range(2), rows, strict=False)]
        head = [table.headers] + [cells for _, cells in first]
        result.file_format = detect(head) if file_format == "auto" else file_format
        extra = header_rows(result.file_format) - 1
        if len(first) < extra:
            raise ImportFailed(f"A {result.file_format} export has {extra + 1} header rows.")
        ids, labels = flatten(result.file_format, head[: extra + 1])
        columns = locate(ids, labels, codebook_for(workspace), result.file_format)
        result.ignored_columns = columns.ignored
        raw = first[extra:] + list(rows)
    order = MDY if result.file_format == "surveymonkey" else None
    return _check(workspace, columns, raw, result, order)


def _check(
    workspace: Workspace, columns: Columns, raw: list[tuple[int, list[str]]],
    result: SurveyImportResult, order: str | None,
) -> list[_Answer]:  # fmt: skip
    fields, labels = columns.fields, columns.labels
    cell = lambda cells, name: cells[fields[name]].strip() if name in fields else ""  # noqa: E731
    warnings = Warnings()
    deals = {
        d.crm_id: d
        for d in Deal.objects.filter(
            workspace=workspace, crm_id__in={cell(c, "deal") for _, c in raw}
        )
    }
    themes = {normalise(n): t for t in codebook_for(workspace) for n in (t.slug, t.name)}
    seen: dict[tuple[int, str], int] = {}
    answers: list[_Answer] = []
    for number, cells in raw:
        if "status" in fields and values.preview(cell(cells, "status")):
            warnings.row("preview", number, "previews or tests, not buyers' answers, left out")
            continue
        if "finished" in fields and not values.finished(cell(cells, "finished")):
            warnings.row("unfinished", number, "unfinished responses left out")
            continue
        errors: list[RowError] = []

        def problem(name: str, message: str, value: str = "") -> None:
            where = labels[fields[name]] if name in fields else name
            errors.append(RowError(number, where, value, message))  # noqa: B023

        crm_id = cell(cells, "deal")
        deal = deals.get(crm_id)
        if not crm_id:
            problem("deal", "has no deal CRM id")
        elif deal is None:
            problem("deal", "no deal in this workspace has this CRM id", crm_id)
        elif deal.outcome == Outcome.OPEN:
            problem("deal", "this deal is still open: surveys are about closed deals", crm_id)
        email = cell(cells, "email").lower()
        if deal is not None and (deal.pk, email) in seen:
            problem("deal", f"the same respondent answered about this deal on row "
                    f"{seen[(deal.pk, email)]}", crm_id)  # fmt: skip
        main_reason = None
        reason_text = cell(cells, "main_reason")
        if reason_text and reason_text.casefold() != "other":
            main_reason = themes.get(normalise(reason_text))
            if main_reason is None:
                problem("main_reason", "is not a theme's slug or name in the codebook",
                        reason_text)  # fmt: skip
        reconsider = _read_value(values.score, cell(cells, "reconsider"), "reconsider", problem)
        ratings: dict[int, dict[str, int | None]] = {}
        for index, (theme, measure) in columns.ratings.items():
            try:
                point = values.rating(cells[index])
            except ValueProblem as error:
                errors.append(RowError(number, labels[index], cells[index].strip(), str(error)))
                continue
            if point is not None:
                ratings.setdefault(theme.pk, {})[measure] = point
        completed = None
        if cell(cells, "completed"):
            completed = _moment(cell(cells, "completed"), order)
            if completed is None:
                problem("completed", "is not a date and time", cell(cells, "completed"))
        if errors:
            result.errors.extend(errors)
            continue
        assert deal is not None
        seen[(deal.pk, email)] = number
        other = cells[columns.main_reason_other].strip() if columns.main_reason_other else ""
        answers.append(_Answer(
            row=number, deal=deal, email=email, completed=completed,
            language=cell(cells, "language")[:10].lower(), main_reason=main_reason,
            main_reason_other=(other or (reason_text if main_reason is None else ""))[:500],
            reconsider=reconsider, ratings=ratings,
            comments=[(labels[i], cells[i].strip()) for i in columns.comments if cells[i].strip()],
        ))  # fmt: skip
    result.warnings = warnings.as_list()
    return answers


def _read_value(read, text: str, name: str, problem) -> int | None:
    try:
        return read(text)
    except ValueProblem as error:
        problem(name, str(error), text)
        return None


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def _moment(text: str, order: str | None) -> dt.datetime | None:
    """When the buyer finished, as survey tools write it (``2025-03-04 10:23:45``,
    ``03/04/2025 10:23:45 AM``); None when it cannot be read."""
    date_part, _, time_part = text.strip().partition(" ")
    try:
        day = parse_date(date_part, order)
    except ValueProblem:
        return None
    if day is None:
        return None
    clock = _CLOCK.match(time_part.strip())
    hour, minute, second = (int(clock.group(i) or 0) for i in (1, 2, 3)) if clock else (12, 0, 0)
    if clock and clock.group(4):
        hour = hour % 12 + (12 if clock.group(4).lower() == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=dt.UTC)


def _write(
    workspace: Workspace, program_name: str, answers: list[_Answer], result: SurveyImportResult,
    *, user: User | None, actor: str, file_name: str,
) -> None:  # fmt: skip
    with transaction.atomic():
        result.program, result.created_program = program_for_import(
            workspace=workspace,
            name=program_name,
            deals=[a.deal for a in answers],
            objective=f"Past buyer surveys, imported from {file_name}.",
            user=user,
            actor=actor,
        )
        program = result.program
        earlier = SurveyResponse.objects.filter(
            program=program, source=ResponseSource.IMPORTED,
            deal__in={a.deal.pk for a in answers},
        )  # fmt: skip
        keys = {(a.deal.pk, a.email) for a in answers}
        replaced = [r.pk for r in earlier if (r.deal_id, r.respondent_email) in keys]
        clash = SurveyResponse.objects.filter(program=program, source=ResponseSource.SENT).filter(
            deal__in={a.deal.pk for a in answers}
        )
        answered_here = {(r.deal_id, r.respondent_email) for r in clash} & keys
        if answered_here:
            rows = sorted(a.row for a in answers if (a.deal.pk, a.email) in answered_here)
            result.errors = [
                RowError(row, "", "", "this buyer answered the survey here already; the "
                         "answers given here are kept") for row in rows
            ]  # fmt: skip
            transaction.set_rollback(True)
            result.program, result.created_program = None, False
            return
        SurveyResponse.objects.filter(pk__in=replaced).delete()
        result.replaced = len(replaced)
        counts = _insert(workspace, program, answers)
        result.responses, result.ratings, result.comments = counts
        log_action(
            program, "survey.imported", user=user, actor=actor,
            data={"file": file_name, "count": result.responses, "format": result.file_format},
        )  # fmt: skip
        if dry_run := result.dry_run:
            transaction.set_rollback(dry_run)
            if result.created_program:
                result.program = Program(workspace=workspace, name=program_name.strip())


# The columns the import fills; the rest keep the model's defaults (``field_defaults``) or NULL.
_RESPONSE_COLUMNS = (
    "workspace_id", "program_id", "deal_id", "contact_id", "respondent_email", "outcome",
    "source", "status", "language", "completed_at", "main_reason_id", "main_reason_other",
    "reconsider", "created", "updated",
)  # fmt: skip
_RATING_COLUMNS = ("response_id", "theme_id", "importance", "performance", "chosen_performance")


def _insert(workspace: Workspace, program: Program, answers: list[_Answer]) -> tuple[int, int, int]:
    """Writes the responses, their ratings and comments: one ``executemany`` each, as the deals
    import does (``bulk_create`` spent most of an import's time turning values into SQL)."""
    contacts = {
        email.lower(): pk
        # Addresses compare without case: a CRM keeps "Dana@Globex.example" as it was typed.
        for pk, email in Contact.objects.annotate(address=Lower("email"))
        .filter(workspace=workspace, address__in={a.email for a in answers if a.email})
        .values_list("pk", "email")
    }
    now = timezone.now()
    defaults = field_defaults(SurveyResponse, given=_RESPONSE_COLUMNS)
    insert_rows(
        SurveyResponse,
        [*_RESPONSE_COLUMNS, *defaults],
        [
            [workspace.pk, program.pk, a.deal.pk, contacts.get(a.email), a.email, a.deal.outcome,
             ResponseSource.IMPORTED, ResponseStatus.COMPLETED, a.language, a.completed or now,
             a.main_reason.pk if a.main_reason else None, a.main_reason_other, a.reconsider,
             now, now, *defaults.values()]
            for a in answers
        ],
    )  # fmt: skip
    # A raw insert returns no keys: read them back by the one response per deal and buyer.
    pks = {
        (deal, email): pk
        for pk, deal, email in SurveyResponse.objects.filter(
            program=program, source=ResponseSource.IMPORTED
        ).values_list("pk", "deal_id", "respondent_email")
    }
    keyed = [(pks[(a.deal.pk, a.email)], a) for a in answers]
    ratings = [
        [pk, theme, measures.get("importance"), measures.get("performance"),
         measures.get("chosen_performance")]
        for pk, a in keyed
        for theme, measures in a.ratings.items()
    ]  # fmt: skip
    comments = [[pk, prompt, text] for pk, a in keyed for prompt, text in a.comments]
    insert_rows(SurveyRating, _RATING_COLUMNS, ratings)
    insert_rows(SurveyComment, ["response_id", "prompt", "text"], comments)
    return len(answers), len(ratings), len(comments)
