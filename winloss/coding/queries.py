"""Reads for SOP step 7; counting happens in the database."""

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from winloss.accounts.models import User, Workspace
from winloss.deals.models import Deal
from winloss.interviews.models import (
    Interview,
    InterviewStatus,
    Note,
    Transcript,
    TranscriptTurn,
    Validation,
    ValidationStatus,
)
from winloss.interviews.queries import entry_with_deal, validated_interviews
from winloss.lib.forms import is_id
from winloss.lib.rows import Columns, partial
from winloss.programs.models import Program, SampleEntry

from .models import CodebookStatus, CodebookVersion, CodedExcerpt, Direction, Theme
from .passages import Passage, plain

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class CodingCounts(TypedDict):
    """What ``interviews_with_counts`` adds to each interview."""

    coded: int
    codeable: bool


def codebook_for(workspace: Workspace) -> list[Theme]:
    """The workspace's active themes in order (seeded with the SOP's seven when the workspace
    was created: ``codebook_services.seed_new_workspace``)."""
    return list(Theme.objects.filter(workspace=workspace, is_active=True).select_related("parent"))


def interviews_with_counts(
    program: Program,
) -> "QuerySet[WithAnnotations[Interview, CodingCounts]]":
    """The program's interviews, each with ``coded`` (its excerpts) and ``codeable``."""
    return (
        Interview.objects.filter(program=program)
        .select_related("entry__deal__account", "validation")
        .annotate(
            coded=Count("excerpts"),
            codeable=ExpressionWrapper(codeable_q(), output_field=BooleanField()),
        )
        .order_by("-completed_at", "-pk")
    )


def codeable_q() -> Q:
    return Q(status=InterviewStatus.COMPLETED, validation__status=ValidationStatus.SIGNED_OFF)


def theme_counts(program: Program) -> dict[int, int]:
    return dict(
        CodedExcerpt.objects.filter(program=program)
        .values_list("theme")
        .annotate(n=Count("id"))
        .order_by()
    )


def direction_counts(theme: Theme, program: Program) -> dict[str, int]:
    """{direction: excerpts} for the theme in the program, every direction present."""
    counts = dict(
        CodedExcerpt.objects.filter(theme=theme, program=program)
        .values_list("direction")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {d: counts.get(d, 0) for d in Direction.values}


def excerpts_for_theme(theme: Theme, program: Program) -> QuerySet[CodedExcerpt]:
    return (
        CodedExcerpt.objects.filter(theme=theme, program=program)
        .select_related("interview__entry__deal__account", "coder", "competitor")
        .order_by("-created", "-pk")
    )


def excerpts_by_passage(
    interview: Interview, user: User | None = None
) -> dict[str, list[CodedExcerpt]]:
    """The interview's excerpts by passage key. On a double-coded interview each side sees only
    its own codes (``user`` is the viewer), so the second coding stays independent."""
    grouped: dict[str, list[CodedExcerpt]] = {}
    excerpts = CodedExcerpt.objects.filter(interview=interview)
    if user is not None and (second := getattr(interview, "second_coding", None)) is not None:
        if second.coder_id == user.pk:
            excerpts = excerpts.filter(coder=user)
        else:
            excerpts = excerpts.exclude(coder_id=second.coder_id)
    excerpts = excerpts.select_related("theme", "coder", "competitor").order_by("start", "pk")
    for excerpt in excerpts:
        grouped.setdefault(excerpt.passage_key, []).append(excerpt)
    return grouped


def is_codeable(interview: Interview) -> bool:
    return validated_interviews(interview.program).filter(pk=interview.pk).exists()


@dataclass
class CodingTarget:
    """What coding one excerpt reads before it writes, in one query (``coding_target``)."""

    interview: Interview  # its program's name, and its deal's name and owner, loaded
    codeable: bool  # validated: completed and signed off
    passage: Passage | None  # the passage the key names, if it is this interview's
    theme: Theme | None  # the workspace's active theme of the slug
    codebook: tuple[int, int] | None  # the current published version's id and number


def coding_target(
    workspace: Workspace,
    interview_id: int,
    *,
    passage_key: str,
    theme_slug: str,
    program_id: int | None = None,
) -> CodingTarget | None:
    """Everything one code checks, read in one statement on every code (the ORM's five
    queries for it took most of a code's time building their SQL, ``lib.rows``): the
    interview of this workspace (and program, when given), or None; with it whether it is
    validated, the passage's words, the active theme of ``theme_slug`` and the current
    codebook version. Nothing is kept between calls."""
    kind, _, raw = passage_key.partition("-")
    if kind not in ("note", "turn") or not is_id(raw):
        kind, raw = "", "0"
    params: list[Any] = [
        InterviewStatus.COMPLETED,
        ValidationStatus.SIGNED_OFF,
        CodebookStatus.PUBLISHED,
        CodebookStatus.PUBLISHED,
        *([int(raw)] if kind else []),
        theme_slug,
        interview_id,
        workspace.pk,
        *([program_id] if program_id is not None else []),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_target_sql(kind, program_id is not None), params)
        row = cursor.fetchone()
    if row is None:
        return None
    (pk, program_pk, entry_pk, program_name, deal_pk, deal_name, owner_pk, owner_email,
     owner_name, codeable, version_pk, version_number, text) = row[:13]  # fmt: skip
    interview = partial(
        Interview, id=pk, workspace_id=workspace.pk, program_id=program_pk, entry_id=entry_pk
    )
    interview.workspace = workspace
    interview.program = partial(Program, id=program_pk, name=program_name)
    if entry_pk is not None:
        interview.entry = entry_with_deal(
            entry_pk, deal_pk, deal_name, owner_pk, owner_email, owner_name
        )
    theme = _THEME.build(row[13:]) if row[13] is not None else None
    passage = (
        Passage(key=passage_key, label="", text=plain(text), kind=kind, pk=int(raw))
        if kind and text is not None
        else None
    )
    return CodingTarget(
        interview=interview,
        codeable=bool(codeable),
        passage=passage,
        theme=theme,
        codebook=(version_pk, version_number) if version_pk is not None else None,
    )


_THEME = Columns(Theme, "th")


@cache
def _target_sql(kind: str, in_program: bool) -> str:
    table = {m: m._meta.db_table for m in (Interview, Program, SampleEntry, Deal, Validation)}
    versions = CodebookVersion._meta.db_table
    if kind == "note":
        text = (
            f"(SELECT n.text FROM {Note._meta.db_table} n "
            "WHERE n.id = %s AND n.interview_id = i.id)"
        )
    elif kind == "turn":
        text = (
            f"(SELECT tt.text FROM {TranscriptTurn._meta.db_table} tt "
            f"INNER JOIN {Transcript._meta.db_table} tr ON tr.id = tt.transcript_id "
            "WHERE tt.id = %s AND tr.interview_id = i.id)"
        )
    else:
        text = "NULL"
    return (
        "SELECT i.id, i.program_id, i.entry_id, p.name, d.id, d.name, d.owner_id, "
        "d.owner_email, d.owner_name, "
        f"(i.status = %s AND EXISTS (SELECT 1 FROM {table[Validation]} v "
        "WHERE v.interview_id = i.id AND v.status = %s)), "
        f"(SELECT MAX(cv.id) FROM {versions} cv "
        "WHERE cv.workspace_id = i.workspace_id AND cv.status = %s), "
        f"(SELECT MAX(cv.number) FROM {versions} cv "
        "WHERE cv.workspace_id = i.workspace_id AND cv.status = %s), "
        f"{text}, {_THEME.select()} "
        f"FROM {table[Interview]} i "
        f"INNER JOIN {table[Program]} p ON p.id = i.program_id "
        f"LEFT JOIN {table[SampleEntry]} e ON e.id = i.entry_id "
        f"LEFT JOIN {table[Deal]} d ON d.id = e.deal_id "
        f"LEFT JOIN {_THEME.table} th "
        "ON th.workspace_id = i.workspace_id AND th.slug = %s AND th.is_active "
        "WHERE i.id = %s AND i.workspace_id = %s" + (" AND i.program_id = %s" if in_program else "")
    )
