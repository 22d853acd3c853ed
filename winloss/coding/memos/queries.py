"""Reads for memos: a program's memos as a role may see them, searched and filtered; what
each is attached to, in words."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from winloss.accounts.access import get_workspace_object
from winloss.accounts.models import User
from winloss.interviews.models import Interview
from winloss.interviews.screen import title_for
from winloss.programs.models import Program

from ..models import Theme
from .models import SHAREABLE, About, Memo


def memos_of(program: Program, *, team: bool) -> QuerySet[Memo]:
    """The program's memos, newest edit first: all of them for the program team (``team``:
    those who see evidence), only the shared ones for anyone else."""
    memos = Memo.objects.filter(program=program).select_related(
        "author", "updated_by", "theme", "interview__entry__deal__account", "excerpt__theme"
    )
    return memos if team else memos.filter(shared=True)


@dataclass(frozen=True)
class MemoSearch:
    """What the memo list was asked for (its search box and filters), read leniently: an
    unknown value filters nothing rather than failing."""

    q: str = ""
    about: str = ""
    author: int | None = None

    @classmethod
    def from_query(cls, data: Mapping[str, Any]) -> "MemoSearch":
        about = data.get("about", "")
        author = str(data.get("author", ""))
        return cls(
            q=str(data.get("q", "")).strip()[:200],
            about=about if about in About.values else "",
            author=int(author) if author.isascii() and author.isdigit() and len(author) < 12
            else None,
        )  # fmt: skip

    def apply(self, memos: QuerySet[Memo]) -> QuerySet[Memo]:
        # A plain substring search: a program has a few dozen memos, not thousands, so an
        # index (PostgreSQL's full-text search) would buy nothing a person could notice.
        if self.q:
            memos = memos.filter(Q(title__icontains=self.q) | Q(text__icontains=self.q))
        if self.about:
            memos = memos.filter(about=self.about)
        if self.author is not None:
            memos = memos.filter(author_id=self.author)
        return memos


def authors_of(program: Program) -> list[User]:
    ids = Memo.objects.filter(program=program).values("author_id")
    return list(User.objects.filter(pk__in=ids).order_by("name", "email"))


def memos_about(
    program: Program,
    *,
    theme: Theme | None = None,
    interview: Interview | None = None,
    viewer: User | None = None,
) -> QuerySet[Memo]:
    """The memos on one page's subject: the program's own, a theme's, or an interview's (with
    those about its excerpts, but on a double-coded interview only about the ``viewer``'s
    side's codes, as ``queries.excerpts_by_passage`` shows only those)."""
    memos = memos_of(program, team=True)
    if theme is not None:
        return memos.filter(theme=theme)
    if interview is None:
        return memos.filter(about=About.PROGRAM)
    memos = memos.filter(interview=interview)
    second = getattr(interview, "second_coding", None)
    if viewer is not None and second is not None:
        side = (
            Q(excerpt__coder=viewer)
            if second.coder_id == viewer.pk
            else ~Q(excerpt__coder_id=second.coder_id)
        )
        memos = memos.filter(Q(excerpt=None) | side)
    return memos


def memos_across_programs(theme: Theme) -> QuerySet[Memo]:
    """Every program's memos about a theme of the workspace's codebook (its page)."""
    return Memo.objects.filter(theme=theme).select_related("program", "author")


def get_memo(request: HttpRequest, program_id: int, memo_id: int) -> Memo:
    """A memo of the program in the URL, inside the request's workspace, or 404."""
    program = get_workspace_object(request, Program, program_id)
    return get_workspace_object(
        request,
        Memo.objects.select_related(
            "program", "author", "updated_by", "shared_by", "theme", "excerpt__theme",
            "interview__entry__deal__account",
        ),
        memo_id,
        program=program,
    )  # fmt: skip


def attached_to(memo: Memo) -> str:
    """What the memo is about, in words: "Theme: Pricing", "Interview: Acme (lost)"."""
    if memo.about == About.THEME and memo.theme is not None:
        return f"Theme: {memo.theme.name}"
    if memo.interview is not None:
        entry = memo.interview.entry
        said = f"{title_for(entry.deal)} ({entry.get_outcome_display().lower()})"
        if memo.about == About.EXCERPT and memo.excerpt is not None:
            return f"Excerpt coded {memo.excerpt.theme.name}, interview {said}"
        return f"Interview: {said}"
    return "The program"


def citeable(program: Program) -> QuerySet[Memo]:
    """The memos a report may cite: shared, about the program or a theme."""
    return memos_of(program, team=True).filter(shared=True, about__in=SHAREABLE)
