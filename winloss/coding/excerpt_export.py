"""Every coded excerpt of a program as CSV or XLSX, one row an excerpt, for analysis elsewhere."""

import csv
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from winloss.deals.models import DecisionRole, Outcome
from winloss.lib.spreadsheets import safe_cell
from winloss.lib.xlsx import table_xlsx

from .models import CodedExcerpt, Direction

COLUMNS = [
    "Program",
    "Deal CRM id",
    "Account",
    "Outcome",
    "Interview id",
    "Interview date",
    "Respondent role",
    "Theme slug",
    "Theme name",
    "Direction",
    "Competitor",
    "Excerpt text",
    "Coder",
    "Coded at",
    "Codebook version",
]
CSV_BATCH = 500  # rows a piece of the streamed CSV
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FIELDS = [
    "interview__entry__deal__crm_id",
    "interview__entry__deal__account__name",
    "interview__entry__deal__outcome",
    "interview_id",
    "interview__completed_at",
    "interview__started_at",
    "interview__respondent_role",
    "theme__slug",
    "theme__name",
    "direction",
    "competitor__name",
    "text",
    "coder__name",
    "coder__email",
    "created",
    "codebook_version__number",
]


def excerpt_rows(program) -> Iterator[list]:
    """The rows, oldest code first; dates stay dates (the CSV writes them as ISO text), text is
    already neutralised with ``safe_cell``, and a missing name is "".

    One query joining deal, account, theme, competitor and coder (what ``select_related``
    would join), read as plain values: building six model instances a row took most of an
    export's time. Names repeat from row to row (a program has a few dozen themes, accounts
    and coders), so each is made safe once."""
    labels = {**dict(Outcome.choices), **dict(DecisionRole.choices), **dict(Direction.choices)}
    safe = _Safe()
    safe.update({value: safe_cell(value) for value in labels.values()})
    name = safe_cell(program.name)
    # Looked up once: ``timezone.localtime`` finds the current zone again on every call.
    zone = timezone.get_current_timezone()
    excerpts = (
        CodedExcerpt.objects.filter(program=program).order_by("created", "pk").values_list(*FIELDS)
    )
    for (crm_id, account, outcome, interview_id, completed, started, role, slug, theme,
         direction, competitor, text, coder_name, coder_email, created,
         codebook) in excerpts.iterator(
        chunk_size=2000
    ):  # fmt: skip
        held = completed or started
        yield [
            name,
            safe[crm_id],
            safe[account or ""],
            safe[labels.get(outcome, outcome)],
            interview_id,
            held.astimezone(zone).date() if held else None,
            safe[labels.get(role, role)],
            safe[slug],
            safe[theme],
            safe[labels.get(direction, direction)],
            safe[competitor or ""],
            safe_cell(text),
            safe[coder_name or coder_email or ""],
            created.astimezone(zone).replace(tzinfo=None, microsecond=0),
            codebook,
        ]


class _Safe(dict):
    """``safe_cell`` of each text, worked out once per text."""

    def __missing__(self, text: str) -> str:
        self[text] = safe = safe_cell(text)
        return safe


def _filename(program, ext: str) -> str:
    return f"excerpts-{slugify(program.name) or program.pk}.{ext}"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(program) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        # Rows go out in batches: the server writes each piece yielded to the socket on its
        # own, and one write per row cost more than making the row.
        batch = [writer.writerow(COLUMNS)]
        for row in excerpt_rows(program):
            batch.append(writer.writerow(row))
            if len(batch) >= CSV_BATCH:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "csv")}"'
    return response


def xlsx_bytes(program) -> bytes:
    """The rows as one typed sheet, streamed into the compressed file as they come, so memory
    holds the file, never the sheet (``lib.xlsx``; docs/decisions/0013)."""
    return table_xlsx(
        COLUMNS, excerpt_rows(program), sheet="Excerpts", moment_format="yyyy-mm-dd h:mm:ss"
    )


def xlsx_response(program) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(program), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "xlsx")}"'
    return response
