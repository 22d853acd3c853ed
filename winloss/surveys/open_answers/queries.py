"""Reads: a page of a program's open answers with their codes and suggested themes."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from winloss.coding.models import Theme
from winloss.coding.suggest.services import TOP, Shown, engine_themes, stored_model
from winloss.programs.models import Program

from ..models import ResponseStatus, SurveyCode, SurveyComment


def open_answers(program: Program) -> QuerySet[SurveyComment]:
    """The program's open answers from completed responses, uncoded first."""
    return (
        SurveyComment.objects.filter(
            response__program=program, response__status=ResponseStatus.COMPLETED
        )
        .select_related("response__deal__account")
        .prefetch_related(Prefetch("codes", SurveyCode.objects.select_related("theme")))
        .annotate(coded=Exists(SurveyCode.objects.filter(comment=OuterRef("pk"))))
        .order_by("coded", "pk")
    )


@dataclass
class Answer:
    comment: SurveyComment
    codes: list[SurveyCode]
    suggestions: list[Shown] = field(default_factory=list)


def with_suggestions(
    program: Program, comments: list[SurveyComment], themes: list[Theme]
) -> list[Answer]:
    """Each answer with its codes and, while it has none, up to three suggested themes (the
    interviews' engine: the codebook, and what it learned from accepted codes)."""
    from winloss.coding.suggest import direction_hint, suggest

    answers = [Answer(c, list(c.codes.all())) for c in comments]
    uncoded = [a for a in answers if not a.codes]
    if not uncoded or not themes:
        return answers
    by_slug = {t.slug: t for t in themes}
    ranked = suggest(
        [a.comment.text for a in uncoded],
        engine_themes(themes),
        model=stored_model(program.workspace),
        top=TOP,
    )
    for answer, found in zip(uncoded, ranked, strict=True):
        direction = direction_hint(answer.comment.text)
        answer.suggestions = [
            Shown(by_slug[s.theme], s.score, s.words, direction)
            for s in found
            if s.theme in by_slug
        ]
    return answers
