"""Suggested codes (SOP step 7): proposed by the system, accepted or rejected by a person.

Nothing here codes a passage on its own: a suggestion becomes an excerpt only through
``accept_suggestion``, which a person triggers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.interviews.models import Interview
from winloss.interviews.queries import validated_interviews
from winloss.jobs.services import JobError
from winloss.programs.models import Program

from .. import services
from ..codebook import Theme as EngineTheme
from ..models import (
    CodedExcerpt,
    Decision,
    Suggestion,
    SuggestionDecision,
    Theme,
    ThemeModel,
)
from ..passages import Passage, find_passage, passages_of
from ..queries import codebook_for, is_codeable
from . import Model, ModelOutdated, direction_hint, suggest, train

TOP = 3
BATCH = 500  # passages ranked at once by the program job


def engine_themes(themes: Iterable[Theme]) -> list[EngineTheme]:
    """The codebook's themes as the suggestion engine reads them."""
    return [theme.as_engine_theme() for theme in themes]


@dataclass(frozen=True)
class Shown:
    """A suggestion as the coding screen shows it."""

    theme: Theme
    score: float
    words: list[str]
    direction: str

    @property
    def percent(self) -> int:
        return round(100 * self.score)


def stored_model(workspace: Workspace) -> Model | None:
    """The workspace's newest learned model, or None (then the codebook alone suggests)."""
    row = ThemeModel.objects.filter(workspace=workspace).only("data").first()
    if row is None:
        return None
    try:
        return Model.loads(bytes(row.data))
    except ModelOutdated:  # made by another scikit-learn: suggest cold until retrained
        return None


def _rejected(interview: Interview) -> set[tuple[str, int]]:
    rows = SuggestionDecision.objects.filter(
        interview=interview, decision=Decision.REJECTED
    ).values_list("note_id", "transcript_turn_id", "theme_id")
    return {(f"note-{n}" if n else f"turn-{t}", theme) for n, t, theme in rows}


def attach_suggestions(interview: Interview, passages: list[Passage], themes: list[Theme]) -> None:
    """Give each uncoded passage its suggestions: the program job's stored ones, else ranked
    now, without the themes a person rejected for it."""
    uncoded = [p for p in passages if not p.excerpts]
    if not uncoded or not themes:
        return
    rejected = _rejected(interview)
    by_slug = {t.slug: t for t in themes}
    active = {t.pk: t for t in themes}
    stored: dict[str, list[Suggestion]] = {}
    for row in Suggestion.objects.filter(interview=interview).order_by("rank"):
        stored.setdefault(row.passage_key, []).append(row)
    live = [p for p in uncoded if p.key not in stored]
    ranked = (
        suggest(
            [p.text for p in live],
            engine_themes(themes),
            model=stored_model(interview.workspace),
            top=TOP,
        )
        if live
        else []
    )
    for passage, found in zip(live, ranked, strict=True):
        direction = direction_hint(passage.text)
        passage.suggestions = [
            Shown(by_slug[s.theme], s.score, s.words, direction)
            for s in found
            if (passage.key, by_slug[s.theme].pk) not in rejected
        ]
    for passage in uncoded:
        if passage.key in stored:
            direction = direction_hint(passage.text)
            passage.suggestions = [
                Shown(active[s.theme_id], s.score, s.words, direction)
                for s in stored[passage.key]
                if s.theme_id in active and (passage.key, s.theme_id) not in rejected
            ]


def _decide(
    *,
    interview: Interview,
    passage: Passage,
    theme: Theme,
    decision: str,
    user: User,
    score: float | None = None,
) -> SuggestionDecision:
    return SuggestionDecision.objects.create(
        workspace=interview.workspace,
        interview=interview,
        theme=theme,
        decision=decision,
        score=score,
        decided_by=user,
        **passage.links(),
    )


@transaction.atomic
def accept_suggestion(
    *,
    interview: Interview,
    passage_key: str,
    theme: Theme,
    direction: str,
    user: User,
    score: float | None = None,
) -> CodedExcerpt:
    """A person agrees: the whole passage is coded with the suggested theme."""
    passage = find_passage(interview, passage_key)
    if passage is None:
        raise services.CodingError("That passage is not part of this interview.")
    excerpt = services.code_excerpt(
        interview=interview,
        passage_key=passage_key,
        passage=passage,
        start=0,
        end=len(passage.text),
        theme=theme,
        direction=direction,
        user=user,
    )
    _decide(
        interview=interview,
        passage=passage,
        theme=theme,
        decision=Decision.ACCEPTED,
        user=user,
        score=score,
    )
    return excerpt


@transaction.atomic
def reject_suggestion(
    *,
    interview: Interview,
    passage_key: str,
    theme: Theme,
    user: User,
    score: float | None = None,
) -> None:
    if not is_codeable(interview):
        raise services.CodingError(services.NOT_VALIDATED)
    passage = find_passage(interview, passage_key)
    if passage is None:
        raise services.CodingError("That passage is not part of this interview.")
    decision = _decide(
        interview=interview,
        passage=passage,
        theme=theme,
        decision=Decision.REJECTED,
        user=user,
        score=score,
    )
    log_action(
        decision,
        "suggestion.rejected",
        user=user,
        data={"theme": theme.name, "length": len(passage.text)},
    )


def move_suggestions(*, source: Theme, target: Theme) -> None:
    """A merge carries suggestions and decisions along with the codes."""
    Suggestion.objects.filter(theme=source).update(theme=target)
    SuggestionDecision.objects.filter(theme=source).update(theme=target)


# --- Background jobs ------------------------------------------------------------------------


def suggest_program(program: Program, *, progress: Callable[[int, int], None]) -> int:
    """Store the top suggestions for every uncoded passage of the program's validated
    interviews, replacing the earlier run's; the number of suggestions stored."""
    themes = codebook_for(program.workspace)
    if not themes:
        raise JobError("The codebook has no active themes.")
    engine = engine_themes(themes)
    by_slug = {t.slug: t for t in themes}
    model = stored_model(program.workspace)
    interviews = list(validated_interviews(program).order_by("pk"))
    coded = set(
        CodedExcerpt.objects.filter(program=program).values_list("note_id", "transcript_turn_id")
    )
    stored = 0
    Suggestion.objects.filter(program=program).delete()
    progress(0, len(interviews))
    for done, interview in enumerate(interviews, start=1):
        passages = [
            p
            for p in passages_of(interview)
            if ((p.pk, None) if p.kind == "note" else (None, p.pk)) not in coded
        ]
        rows = []
        for offset in range(0, len(passages), BATCH):
            batch = passages[offset : offset + BATCH]
            for passage, found in zip(
                batch, suggest([p.text for p in batch], engine, model=model, top=TOP), strict=True
            ):
                rows += [
                    Suggestion(
                        workspace=program.workspace,
                        program=program,
                        interview=interview,
                        theme=by_slug[s.theme],
                        score=s.score,
                        words=s.words,
                        rank=rank,
                        **passage.links(),
                    )
                    for rank, s in enumerate(found, start=1)
                ]
        Suggestion.objects.bulk_create(rows)
        stored += len(rows)
        progress(done, len(interviews))
    return stored


def retrain(workspace: Workspace) -> ThemeModel:
    """Learn from every excerpt coded with an active theme (``suggest.train``) and store it."""
    themes = codebook_for(workspace)
    if len(themes) < 2:
        raise JobError("The codebook needs at least two active themes to learn from.")
    rows = CodedExcerpt.objects.filter(workspace=workspace, theme__is_active=True).values_list(
        "text", "theme__slug"
    )
    texts, labels = [], []
    for text, slug in rows.iterator(chunk_size=5000):
        texts.append(text)
        labels.append(slug)
    model = train(texts, labels, engine_themes(themes))
    return ThemeModel.objects.create(workspace=workspace, data=model.dumps(), examples=len(texts))
