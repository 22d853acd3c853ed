"""SOP step 7 over the API: a program's coded excerpts, and coding one more."""

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from winloss.accounts.access import get_workspace_object
from winloss.accounts.roles import Cap
from winloss.api_auth import require
from winloss.api_pagination import KeysetPagination
from winloss.deals.queries import competitor_named
from winloss.interviews.models import Interview
from winloss.programs.models import Program

from . import bulk_coding, services
from .models import CodedExcerpt, Direction, Theme
from .queries import codebook_for, coding_target

router = Router(tags=["coding"])


class ExcerptOut(Schema):
    id: int
    interview_id: int
    note_id: int | None
    transcript_turn_id: int | None
    start: int
    end: int
    text: str
    theme: str = Field(..., description="The theme's slug")
    direction: Direction
    competitor: str | None
    coder: str | None
    created: dt.datetime
    codebook_version: int | None = Field(
        ...,
        description="The codebook version it was coded under (none only for an excerpt coded "
        "by the previous winloss version while an upgrade ran)",
    )

    @staticmethod
    def resolve_theme(excerpt: CodedExcerpt) -> str:
        return excerpt.theme.slug

    @staticmethod
    def resolve_competitor(excerpt: CodedExcerpt) -> str | None:
        return excerpt.competitor.name if excerpt.competitor else None

    @staticmethod
    def resolve_coder(excerpt: CodedExcerpt) -> str | None:
        return str(excerpt.coder) if excerpt.coder else None

    @staticmethod
    def resolve_codebook_version(excerpt: CodedExcerpt) -> int | None:
        # Known from coding it, or joined by the listing without the version's snapshot.
        if excerpt.codebook_number is not None:
            return excerpt.codebook_number
        version = excerpt.codebook_version
        return version.number if version is not None else None


@router.get("/programs/{program_id}/excerpts", response=list[ExcerptOut])
@paginate(KeysetPagination)
def list_excerpts(request, program_id: int, theme: str | None = None):
    """The program's coded excerpts, oldest first; `theme` filters by a theme's slug."""
    require(request, Cap.VIEW_EVIDENCE)
    program = get_workspace_object(request, Program.objects.all(), program_id)
    excerpts = (
        CodedExcerpt.objects.filter(program=program)
        .select_related("theme", "competitor", "coder", "codebook_version")
        .defer("codebook_version__themes", "codebook_version__meanings")
        .order_by("pk")
    )
    if theme:
        excerpts = excerpts.filter(theme__slug=theme)
    return excerpts


class ExcerptIn(Schema):
    note_id: int | None = Field(None, description="The note coded; or give transcript_turn_id")
    transcript_turn_id: int | None = None
    start: int = Field(..., ge=0, description="First character, counting from 0")
    end: int = Field(..., description="One past the last character")
    text: str = Field(..., description="Exactly passage[start:end]: drifted offsets are refused")
    theme: str = Field(..., description="The theme's slug")
    direction: Direction
    competitor: str | None = Field(None, description="A competitor's name in this workspace")


def _theme(workspace, slug: str) -> Theme | None:
    themes = Theme.objects.filter(workspace=workspace, is_active=True)
    try:
        return themes.get(slug=slug)  # one per slug: get() skips first()'s ORDER BY
    except Theme.DoesNotExist:
        pass
    if themes.exists():
        return None
    # A codebook is seeded on first use.
    return next((t for t in codebook_for(workspace) if t.slug == slug), None)


@router.post("/interviews/{interview_id}/excerpts", response=ExcerptOut)
def code_excerpt(request, interview_id: int, payload: ExcerptIn):
    """Code a piece of one of the interview's notes or transcript turns, checked as the coding
    screen checks it (validated interview, text matching the offsets, active theme). A code
    the same person already gave the same words is updated, not doubled."""
    require(request, Cap.CODE)
    one_passage = (payload.note_id is None) != (payload.transcript_turn_id is None)
    key = (
        f"note-{payload.note_id}"
        if payload.note_id is not None
        else f"turn-{payload.transcript_turn_id}"
    )
    # The interview (only inside the token's workspace) and everything the code checks of it,
    # in one query: its program and deal (no rep codes their own), whether it is validated,
    # the passage's words, the theme and the codebook version.
    target = coding_target(
        request.workspace,
        interview_id,
        passage_key=key if one_passage else "",
        theme_slug=payload.theme,
    )
    if target is None:
        raise Http404(f"No such {Interview._meta.verbose_name}.")
    if not one_passage:
        raise HttpError(400, "Give either note_id or transcript_turn_id, not both.")
    theme = target.theme or _theme(request.workspace, payload.theme)
    if theme is None:
        raise HttpError(400, f"No active theme “{payload.theme}” in this workspace's codebook.")
    competitor = None
    if payload.competitor:
        competitor = competitor_named(request.workspace, payload.competitor)
        if competitor is None:
            raise HttpError(400, f"No competitor named “{payload.competitor}” in this workspace.")
    return services.code_excerpt(
        interview=target.interview,
        passage_key=key,
        passage=target.passage,
        start=payload.start,
        end=payload.end,
        text=payload.text,
        theme=theme,
        direction=payload.direction,
        competitor=competitor,
        user=request.user,
        role=request.membership.role,
        codeable=target.codeable,
        codebook=target.codebook if target.theme is not None else None,
    )


class BulkExcerptIn(ExcerptIn):
    interview_id: int


class BulkCodingIn(Schema):
    excerpts: list[BulkExcerptIn] = Field(..., max_length=bulk_coding.MAX_ITEMS)


class ItemErrorOut(Schema):
    item: int = Field(..., description="The item's position in `excerpts`, from 0")
    message: str


class BulkCodingOut(Schema):
    created: int
    updated: int
    errors: list[ItemErrorOut]


@router.post("/excerpts/bulk", response={200: BulkCodingOut, 400: BulkCodingOut})
def code_excerpts_bulk(request, payload: BulkCodingIn):
    """Code up to 1,000 excerpts of this workspace's interviews in one call, each checked as
    one code is; all or none. 400 lists every item that could not be coded, by position."""
    require(request, Cap.CODE)
    items = [bulk_coding.Item(**e.dict()) for e in payload.excerpts]
    try:
        created, updated = bulk_coding.code_excerpts(
            items, workspace=request.workspace, user=request.user
        )
    except bulk_coding.BulkCodingError as error:
        errors = [{"item": n, "message": message} for n, message in error.errors]
        return Status(400, {"created": 0, "updated": 0, "errors": errors})
    return Status(200, {"created": created, "updated": updated, "errors": []})
