"""Battlecards: the workspace's programs, a program's competitors, and one competitor's card
as a page, a one-page PDF and one slide. Anyone in the workspace may read them; what a card
holds follows the viewer's role (``content``: the program team reads the live analysis, a
stakeholder the published reports)."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.deals.models import Competitor
from winloss.programs.models import Program
from winloss.reports.formats import pdf_problem
from winloss.reports.models import CONTENT_TYPES
from winloss.reports.render.text import share_text

from .content import battlecard, competitors_of
from .render import facts, render_pdf, render_pptx

PAGE_QUOTE = 10_000  # characters: the page shows a quote whole (the PDF shortens it)


@workspace_view(Cap.VIEW)
def index(request, ws):
    """Each program's latest wave: a card looks back over the waves before it."""
    later = Program.objects.filter(previous_wave=OuterRef("pk"))
    programs = (
        Program.objects.filter(workspace=request.workspace)
        .filter(~Exists(later))
        .order_by("name", "pk")
    )
    return render(request, "battlecards/index.html", {"programs": programs})


@workspace_view(Cap.VIEW)
def program_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    figures = competitors_of(program, evidence=can(request, Cap.VIEW_EVIDENCE))
    return render(
        request,
        "battlecards/program.html",
        {"program": program, "figures": figures, "rows": facts_rows(figures.competitors or [])},
    )


def facts_rows(competitors: list[dict]) -> list[dict]:
    return [
        {**c, "win_rate": share_text((c.get("crm") or {}).get("win_rate"))} for c in competitors
    ]


def _card(request, program_id: int, competitor_id: int) -> tuple[Program, dict]:
    program = get_workspace_object(request, Program, program_id)
    competitor = get_workspace_object(request, Competitor, competitor_id)
    return program, battlecard(program, competitor, evidence=can(request, Cap.VIEW_EVIDENCE))


@workspace_view(Cap.VIEW)
def card_page(request, ws, program_id, competitor_id):
    program, card = _card(request, program_id, competitor_id)
    return render(
        request,
        "battlecards/card.html",
        {
            "program": program,
            "competitor_id": competitor_id,
            "card": card,
            "f": facts(card),
            "pdf_problem": pdf_problem(),
            "quote_limit": PAGE_QUOTE,
        },
    )


def _download(data: bytes, fmt: str, card: dict) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = slugify(f"battlecard {card['competitor']} {card['program']['name']}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@workspace_view(Cap.VIEW)
def card_pdf(request, ws, program_id, competitor_id):
    program, card = _card(request, program_id, competitor_id)
    problem = pdf_problem()
    if problem:
        messages.error(request, f"The PDF cannot be made on this server: {problem}")
        return redirect(
            "battlecards:card", ws=ws, program_id=program.pk, competitor_id=competitor_id
        )
    return _download(render_pdf(card), "pdf", card)


@workspace_view(Cap.VIEW)
def card_pptx(request, ws, program_id, competitor_id):
    _program, card = _card(request, program_id, competitor_id)
    return _download(render_pptx(card), "pptx", card)
