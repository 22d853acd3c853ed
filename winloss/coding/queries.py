"""Reads for SOP step 7; counting happens in the database."""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from winloss.accounts.models import User, Workspace
from winloss.interviews.models import Interview, InterviewStatus, ValidationStatus
from winloss.interviews.queries import validated_interviews
from winloss.programs.models import Program

from .models import CodedExcerpt, Direction, Theme

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
