"""Coding many excerpts in one call (the API's bulk endpoint): every item checked as
``services.code_excerpt`` checks one, then all written together or none.

For a script or another coding tool that sends a batch of codes: the lookups one code needs
(interview, validation, passage, theme, an earlier identical code) are made once for the whole
batch, so a code costs a fraction of a request.
"""

from dataclasses import dataclass

from django.db import transaction

from winloss.activity.services import log_actions
from winloss.deals.queries import competitor_named
from winloss.interviews.access import role_of
from winloss.interviews.models import Interview, Note, TranscriptTurn
from winloss.interviews.queries import VALIDATED

from .models import CodedExcerpt
from .passages import plain
from .queries import codebook_for
from .services import (
    NOT_VALIDATED,
    CodingError,
    check_coder,
    checked_piece,
    coded_data,
    current_codebook_version,
)
from .summary import refresh_summary

MAX_ITEMS = 1000


@dataclass(frozen=True)
class Item:
    interview_id: int
    note_id: int | None
    transcript_turn_id: int | None
    start: int
    end: int
    text: str | None
    theme: str  # slug
    direction: str
    competitor: str | None = None


class BulkCodingError(CodingError):
    """Items that cannot be coded, each named by its position in the batch (from 0)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"item {i}: {message}" for i, message in errors[:20]))


def _passages(items: list[Item], interview_ids: set[int]) -> dict[tuple[str, int], tuple]:
    """(kind, pk) → (interview id, text) for the passages the items name, two queries."""
    notes = {i.note_id for i in items if i.note_id is not None}
    turns = {i.transcript_turn_id for i in items if i.transcript_turn_id is not None}
    found: dict[tuple[str, int], tuple] = {}
    for pk, interview_id, text in Note.objects.filter(
        pk__in=notes, interview_id__in=interview_ids
    ).values_list("pk", "interview_id", "text"):
        found[("note", pk)] = (interview_id, plain(text))
    for pk, interview_id, text in TranscriptTurn.objects.filter(
        pk__in=turns, transcript__interview_id__in=interview_ids
    ).values_list("pk", "transcript__interview_id", "text"):
        found[("turn", pk)] = (interview_id, plain(text))
    return found


@transaction.atomic
def code_excerpts(items: list[Item], *, workspace, user) -> tuple[int, int]:
    """Code every item or none; (created, updated). An item equal to an earlier code of the
    same person (same words, theme) updates its direction and competitor, as one code does."""
    if not items:
        return 0, 0
    if len(items) > MAX_ITEMS:
        raise CodingError(f"At most {MAX_ITEMS} excerpts a call; this one has {len(items)}.")
    ids = {i.interview_id for i in items}
    interviews = {
        i.pk: i
        for i in Interview.objects.filter(workspace=workspace, pk__in=ids).select_related(
            "program", "entry__deal"
        )
    }
    for found in interviews.values():
        found.workspace = workspace  # the one they were found in: no query each
    codeable = set(
        Interview.objects.filter(VALIDATED, pk__in=interviews).values_list("pk", flat=True)
    )
    themes = {t.slug: t for t in codebook_for(workspace)}
    role = role_of(user, workspace)
    named = {i.competitor for i in items if i.competitor}
    rivals = {name: competitor_named(workspace, name) for name in named}
    passages = _passages(items, set(interviews))
    errors: list[tuple[int, str]] = []
    checked = []
    for n, item in enumerate(items):
        interview = interviews.get(item.interview_id)
        theme = themes.get(item.theme)
        try:
            if interview is None:
                raise CodingError(f"No interview {item.interview_id} in this workspace.")
            check_coder(interview, user, role=role)
            if interview.pk not in codeable:
                raise CodingError(NOT_VALIDATED)
            note_id, turn_id = item.note_id, item.transcript_turn_id
            if note_id is not None and turn_id is None:
                kind, pk = "note", note_id
            elif turn_id is not None and note_id is None:
                kind, pk = "turn", turn_id
            else:
                raise CodingError("Give either note_id or transcript_turn_id, not both.")
            owner, text = passages.get((kind, pk), (None, ""))
            if owner != interview.pk:
                raise CodingError("That passage is not part of this interview.")
            piece = checked_piece(text, item.start, item.end, item.text, item.direction)
            if theme is None:
                raise CodingError(f"No active theme “{item.theme}” in this workspace's codebook.")
            if item.competitor and rivals[item.competitor] is None:
                raise CodingError(f"No competitor named “{item.competitor}” in this workspace.")
        except CodingError as error:
            errors.append((n, str(error)))
            continue
        checked.append((item, interview, theme, piece, kind, pk))
    if errors:
        raise BulkCodingError(errors)
    return _write(checked, rivals, user)


def _write(checked: list, rivals: dict, user) -> tuple[int, int]:
    ids = {interview.pk for _item, interview, *_ in checked}
    earlier = {
        (e.interview_id, e.theme_id, e.start, e.end, e.note_id, e.transcript_turn_id): e
        for e in CodedExcerpt.objects.filter(interview_id__in=ids, coder=user).order_by()
    }
    made: dict[tuple, CodedExcerpt] = {}
    changed: dict[int, CodedExcerpt] = {}
    under: dict[int, int] = {}  # workspace id: the codebook version codes are made under now
    for item, interview, theme, piece, kind, pk in checked:
        note, turn = (pk, None) if kind == "note" else (None, pk)
        key = (interview.pk, theme.pk, item.start, item.end, note, turn)
        rival = rivals.get(item.competitor) if item.competitor else None
        excerpt = earlier.get(key) or made.get(key)
        if excerpt is not None:  # the same code again (or twice in the batch): the last wins
            excerpt.direction, excerpt.competitor = item.direction, rival
            excerpt.interview, excerpt.theme = interview, theme  # for the log, no query
            if excerpt.pk:
                if excerpt.workspace_id not in under:
                    under[excerpt.workspace_id] = current_codebook_version(excerpt.workspace_id)[0]
                excerpt.codebook_version_id = under[excerpt.workspace_id]
                excerpt.version += 1
                changed[excerpt.pk] = excerpt
            continue
        made[key] = CodedExcerpt(
            workspace=interview.workspace,
            program=interview.program,
            interview=interview,
            note_id=note,
            transcript_turn_id=turn,
            start=item.start,
            end=item.end,
            text=piece,
            theme=theme,
            direction=item.direction,
            competitor=rival,
            coder=user,
        )
    created = CodedExcerpt.objects.bulk_create(list(made.values()))
    CodedExcerpt.objects.bulk_update(
        list(changed.values()), ["direction", "competitor", "codebook_version", "version"]
    )
    refresh_summary(ids)
    log_actions(
        (
            (e, coded_data(e.theme, e.direction, e.text, e.interview))
            for e in [*created, *changed.values()]
        ),
        "excerpt.coded",
        user=user,
    )
    return len(created), len(changed)
