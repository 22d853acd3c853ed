"""Every coded excerpt of a program as CSV or XLSX, one row an excerpt, for analysis elsewhere."""

import csv
import datetime
import io
import itertools
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from winloss.deals.models import DecisionRole, Outcome
from winloss.lib.spreadsheets import safe_cell

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
]
CSV_BATCH = 500  # rows a piece of the streamed CSV
XLSX_IN_MEMORY = 20_000  # rows an XLSX is built in memory for (some 30 MB at most)
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
]


def excerpt_rows(program) -> Iterator[list]:
    """The rows, oldest code first; dates stay dates (the CSV writes them as ISO text).

    One query joining deal, account, theme, competitor and coder (what ``select_related``
    would join), read as plain values: building six model instances a row took most of an
    export's time."""
    outcomes, roles = dict(Outcome.choices), dict(DecisionRole.choices)
    directions = dict(Direction.choices)
    # Looked up once: ``timezone.localtime`` finds the current zone again on every call.
    zone = timezone.get_current_timezone()
    excerpts = (
        CodedExcerpt.objects.filter(program=program).order_by("created", "pk").values_list(*FIELDS)
    )
    for (crm_id, account, outcome, interview_id, completed, started, role, slug, theme,
         direction, competitor, text, coder_name, coder_email, created) in excerpts.iterator(
        chunk_size=2000
    ):  # fmt: skip
        held = completed or started
        yield [
            program.name,
            crm_id,
            account or "",
            outcomes.get(outcome, outcome),
            interview_id,
            held.astimezone(zone).date() if held else None,
            roles.get(role, role),
            slug,
            theme,
            directions.get(direction, direction),
            competitor or "",
            text,
            coder_name or coder_email or "",
            created.astimezone(zone).replace(tzinfo=None, microsecond=0),
        ]


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
            batch.append(writer.writerow([safe_cell(v) for v in row]))
            if len(batch) >= CSV_BATCH:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "csv")}"'
    return response


def xlsx_bytes(program) -> bytes:
    """The rows as one typed sheet. XlsxWriter rather than openpyxl: it writes the same file in
    about half the time (docs/decisions/0004-xlsx-exports-with-xlsxwriter.md). Up to
    ``XLSX_IN_MEMORY`` rows the sheet is built in memory (the faster way); a larger program's
    rows go to a temporary file as they come (``constant_memory``), so memory stays flat."""
    import xlsxwriter

    rows = excerpt_rows(program)
    first = list(itertools.islice(rows, XLSX_IN_MEMORY + 1))
    buffer = io.BytesIO()
    # Text is written as text: no guessing of numbers, formulas or links from strings.
    book = xlsxwriter.Workbook(
        buffer,
        {"constant_memory": len(first) > XLSX_IN_MEMORY, "strings_to_numbers": False,
         "strings_to_formulas": False, "strings_to_urls": False},
    )  # fmt: skip
    sheet = book.add_worksheet("Excerpts")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd h:mm:ss"})
    sheet.write_row(0, 0, COLUMNS)
    for number, row in enumerate(itertools.chain(first, rows), start=1):
        for column, value in enumerate(row):
            # Numbers and dates stay typed; text is neutralised against formula injection.
            if isinstance(value, str):
                sheet.write_string(number, column, safe_cell(value))
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(number, column, value, moment)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, day)
            elif value is not None:
                sheet.write_number(number, column, value)
    book.close()
    return buffer.getvalue()


def xlsx_response(program) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(program), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(program, "xlsx")}"'
    return response
