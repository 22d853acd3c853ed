"""The sample list as CSV or XLSX, with every deal's stratum and the reason it is there."""

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from winloss.lib.spreadsheets import safe_cell

from ..models import SampleDraw, SampleEntry

COLUMNS = [
    "CRM id",
    "Deal",
    "Account",
    "Outcome",
    "Close date",
    "Amount",
    "Currency",
    "Segment",
    "Deal-size band",
    "Stratum",
    "Status",
    "How it came in",
    "Why it was picked",
    "Replaces",
    "Refusal reason",
    "Removal reason",
    "Interviewer",
    "Respondent",
    "Respondent's email",
]


def sample_rows(draw: SampleDraw) -> Iterator[list]:
    entries = (
        SampleEntry.objects.filter(draw=draw)
        .select_related("deal", "deal__account", "contact", "interviewer", "replaces__deal")
        .order_by("outcome", "segment", "pk")
    )
    for e in entries.iterator(chunk_size=2000):
        yield [
            e.deal.crm_id,
            e.deal.name,
            e.deal.account.name if e.deal.account else "",
            e.get_outcome_display(),
            e.deal.close_date,
            e.deal.amount,
            e.deal.currency,
            e.segment,
            e.band,
            e.stratum_label,
            e.get_status_display(),
            e.get_source_display(),
            e.reason,
            e.replaces.deal.crm_id if e.replaces else "",
            e.refusal_reason,
            e.removal_reason,
            str(e.interviewer) if e.interviewer else "",
            e.contact.name if e.contact else "",
            e.contact.email if e.contact else "",
        ]


def _filename(draw: SampleDraw, ext: str) -> str:
    return f"sample-{slugify(draw.program.name)}.{ext}"


def csv_response(draw: SampleDraw) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in sample_rows(draw):
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(draw, "csv")}"'
    return response


def xlsx_response(draw: SampleDraw) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sample")
    sheet.append(COLUMNS)
    for row in sample_rows(draw):
        # Numbers and dates stay typed; text is neutralised against formula injection.
        sheet.append([v if v is None or not isinstance(v, str) else safe_cell(v) for v in row])
    about = book.create_sheet("How it was drawn")
    for label, value in (
        ("Program", draw.program.name),
        ("Sample size asked", draw.size),
        ("Allocation", draw.get_allocation_display()),
        ("Segment dimension", draw.dimension or "none"),
        ("Deal-size bands", draw.band_method),
        ("Band edges", ", ".join(draw.band_edges)),
        ("Band currency", draw.band_currency or "one currency in scope"),
        ("Minimum per stratum", draw.min_per_cell),
        ("Seed", draw.seed),
        ("Eligible deals", draw.eligible),
        ("Drawn at", draw.drawn_at.replace(tzinfo=None)),
        ("Drawn by", str(draw.drawn_by or "")),
        *((f"Kept out: {k.replace('_', ' ')}", n) for k, n in draw.excluded.items()),
        *(("Note", safe_cell(n)) for n in draw.notes),
    ):
        about.append([label, value])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(draw, "xlsx")}"'
    return response
