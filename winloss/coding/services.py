"""Writes for SOP step 7: coding excerpts of validated interviews, and recoding them."""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.deals.models import Competitor
from winloss.interviews.access import code_refusal
from winloss.interviews.models import Interview
from winloss.lib.errors import DomainError
from winloss.programs.models import Program

from .models import About, CodebookVersion, CodedExcerpt, Direction, Memo, Theme
from .passages import Passage, find_passage
from .queries import is_codeable
from .summary import count_new_code, interviews_coded_with, refresh_summary


class CodingError(DomainError):
    """A code that cannot be applied, said for the person who asked."""


NOT_VALIDATED = (
    "Only validated interviews are coded: this one has not been signed off by a reviewer yet "
    "(SOP step 6), so it is kept out of coding and analysis until it is."
)


def check_coder(interview: Interview, user: User, *, role: str | None = None) -> None:
    """Refuse a coder the neutrality rule turns away (``interviews.access``): every path
    that writes a code or a settlement asks here, the web, the API and the CLI alike."""
    refusal = code_refusal(interview, user, role=role)
    if refusal:
        raise CodingError(refusal)


def _check_theme(interview: Interview, theme: Theme) -> None:
    if theme.workspace_id != interview.workspace_id or not theme.is_active:
        raise CodingError("Choose an active theme of this workspace's codebook.")


def checked_piece(passage: str, start: int, end: int, text: str | None, direction: str) -> str:
    """``passage[start:end]`` if it is what may be coded: inside the passage, the very words
    sent (when sent), not blank, with a known direction."""
    if not 0 <= start < end <= len(passage):
        raise CodingError(
            f"Select some text inside the passage (it has {len(passage)} characters)."
        )
    piece = passage[start:end]
    if text is not None and text != piece:
        raise CodingError(
            "The selected text does not match the passage at those positions; select it again."
        )
    if not piece.strip():
        raise CodingError("Select some words, not only spaces.")
    if direction not in Direction.values:
        raise CodingError("Say whether it is a win driver, a loss driver or neutral.")
    return piece


def coded_data(theme: Theme, direction: str, piece: str, interview: Interview) -> dict[str, Any]:
    """What the history says of a code: not the words, which outlive no purge."""
    return {
        "theme": theme.name,
        "direction": Direction(direction).label.lower(),
        "length": len(piece),
        "interview": str(interview),
    }


@transaction.atomic
def code_excerpt(
    *,
    interview: Interview,
    passage_key: str,
    start: int,
    end: int,
    theme: Theme,
    direction: str,
    user: User,
    text: str | None = None,
    competitor: Competitor | None = None,
    passage: Passage | None = None,
    role: str | None = None,
    codeable: bool | None = None,
    codebook: tuple[int, int] | None = None,
) -> CodedExcerpt:
    """Code ``passage[start:end]`` with ``theme`` and ``direction``. When the browser sends the
    selected ``text`` it must be exactly that slice: offsets that drifted (an edited note, a
    selection that crossed a passage) are refused, never saved pointing at other words.

    What the caller has read already spares a query each (``queries.coding_target`` reads
    them all at once): the coder's ``role``, whether the interview is ``codeable``
    (validated), and the current ``codebook`` version's id and number."""
    check_coder(interview, user, role=role)
    if not (is_codeable(interview) if codeable is None else codeable):
        raise CodingError(NOT_VALIDATED)
    passage = passage or find_passage(interview, passage_key)
    if passage is None:
        raise CodingError("That passage is not part of this interview.")
    piece = checked_piece(passage.text, start, end, text, direction)
    _check_theme(interview, theme)
    if competitor is not None and competitor.workspace_id != interview.workspace_id:
        raise CodingError("Choose a competitor of this workspace.")
    excerpt = _same_code(interview, user, theme, start, end, passage)
    if excerpt is not None:  # the same code again: its direction or competitor changed
        excerpt.direction, excerpt.competitor = direction, competitor
        excerpt.codebook_version_id, excerpt.codebook_number = current_codebook_version(
            interview.workspace_id
        )
        excerpt.version += 1
        excerpt.save(update_fields=["direction", "competitor", "codebook_version", "version"])
        refresh_summary([interview.pk])
    else:
        excerpt = CodedExcerpt(
            workspace=interview.workspace,
            program=interview.program,
            interview=interview,
            start=start,
            end=end,
            text=piece,
            theme=theme,
            direction=direction,
            competitor=competitor,
            coder=user,
            **passage.links(),
        )
        if codebook is not None:
            excerpt.codebook_version_id, excerpt.codebook_number = codebook
        excerpt.insert()
        if not count_new_code(excerpt):
            refresh_summary([interview.pk])
    log_action(
        excerpt, "excerpt.coded", user=user, data=coded_data(theme, direction, piece, interview)
    )
    return excerpt


def _same_code(
    interview: Interview, user: User, theme: Theme, start: int, end: int, passage: Passage
) -> CodedExcerpt | None:
    """The code this person already gave these words with this theme, if any. By hand-written
    SQL (this runs on every code; the ORM spent half a millisecond building it), and the row
    itself read only when there is one, which is seldom."""
    if user is None:  # the system (an import): no coder to match by id
        same = CodedExcerpt.objects.filter(
            interview=interview, coder=None, theme=theme, start=start, end=end, **passage.links()
        )
        return same.order_by().first()
    link = "note_id" if passage.kind == "note" else "transcript_turn_id"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {CodedExcerpt._meta.db_table} WHERE interview_id = %s "
            f"AND coder_id = %s AND theme_id = %s AND {quote('start')} = %s "
            f"AND {quote('end')} = %s AND {link} = %s LIMIT 1",
            [interview.pk, user.pk, theme.pk, start, end, passage.pk],
        )
        row = cursor.fetchone()
    return CodedExcerpt.objects.get(pk=row[0]) if row else None


@transaction.atomic
def remove_excerpt(excerpt: CodedExcerpt, *, user: User) -> None:
    check_coder(excerpt.interview, user)
    log_action(
        excerpt.interview,
        "excerpt.removed",
        user=user,
        data={"theme": excerpt.theme.name, "excerpt": excerpt.pk, "length": len(excerpt.text)},
    )
    # Memos about the code stay, about its interview: what was written is never lost with it.
    Memo.objects.filter(excerpt=excerpt).update(about=About.INTERVIEW, excerpt=None)
    excerpt.delete()
    refresh_summary([excerpt.interview_id])


@transaction.atomic
def recode_excerpts(
    *, program: Program, excerpt_ids: Iterable[int], theme: Theme, user: User
) -> int:
    """Move the chosen excerpts of ``program`` to ``theme``; the number moved."""
    if theme.workspace_id != program.workspace_id or not theme.is_active:
        raise CodingError("Choose an active theme of this workspace's codebook.")
    excerpts = CodedExcerpt.objects.filter(program=program, pk__in=list(excerpt_ids)).exclude(
        theme=theme
    )
    touched = interviews_coded_with(excerpts)
    # Coded again, so under the current codebook.
    moved = excerpts.update(
        theme=theme, codebook_version_id=current_codebook_version(program.workspace_id)[0]
    )
    refresh_summary(touched)
    if moved:
        log_action(
            program, "excerpts.recoded", user=user, data={"count": moved, "theme": theme.name}
        )
    return moved


def current_codebook_version(workspace_id: int) -> tuple[int, int]:
    """The id and number of the codebook version a code made now is made under."""
    return CodebookVersion.objects.current({workspace_id})[workspace_id]


@transaction.atomic
def confirm_excerpts(*, program: Program, excerpt_ids: Iterable[int], user: User) -> int:
    """The chosen excerpts of ``program`` still fit their theme as the current codebook
    version defines it: they count as coded under it now, and leave the review queue."""
    current, number = current_codebook_version(program.workspace_id)
    confirmed = (
        CodedExcerpt.objects.filter(program=program, pk__in=list(excerpt_ids))
        .exclude(codebook_version_id=current)
        .update(codebook_version_id=current)
    )
    if confirmed:
        log_action(
            program, "excerpts.confirmed", user=user, data={"count": confirmed, "number": number}
        )
    return confirmed
