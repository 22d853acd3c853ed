"""Writes for memos: write one, save it as it is typed (never over someone else's newer
version), share it with stakeholders."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User
from winloss.accounts.roles import Cap, role_can
from winloss.activity.models import LogEntry
from winloss.activity.services import log_action
from winloss.interviews.access import code_refusal, role_of
from winloss.interviews.models import Interview
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError, StaleEdit
from winloss.programs.models import Program

from ..models import CodedExcerpt, Theme
from .models import SHAREABLE, About, Memo, MemoRevision

MAX_TEXT = 100_000  # characters: a long memo is a few thousand
# Saves of one person's editing within this time make one "edited" entry in the history: the
# versions themselves are each kept (``MemoRevision``), as a note's are.
EDITING_SESSION = dt.timedelta(minutes=30)
NOT_SHAREABLE = (
    "Only a memo about the program or a theme can be shared or cited: a memo about an "
    "interview or an excerpt may name the respondent, so it stays with the program team."
)


class MemoError(DomainError):
    """A memo change that cannot be made, said for the person who asked."""


def _check_writer(user: User, program: Program, interview: Interview | None) -> None:
    """Those who code write memos; an interview's memos follow the coding's neutrality rule
    (the deal's owner neither codes nor writes about the interview of their deal)."""
    role = role_of(user, program.workspace)
    if interview is not None and interview.purged_at is not None:
        raise MemoError(
            "This interview's words were purged under the retention policy: its memos are "
            "closed, as its notes are."
        )
    if interview is not None:
        refusal = code_refusal(interview, user, role=role)
    else:
        refusal = "" if role_can(role, Cap.CODE) else "Your role cannot write memos here."
    if refusal:
        raise MemoError(refusal)


def _checked(title: str, text: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise MemoError("Give the memo a title.")
    if len(title) > 200:
        raise MemoError("The memo's title is longer than 200 characters.")
    # A browser sends a text area's line breaks as CRLF: kept as plain newlines, so the same
    # words compare equal however they came.
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        raise MemoError(f"A memo holds at most {MAX_TEXT:,} characters.")
    return title, text


@transaction.atomic
def write_memo(
    *,
    program: Program,
    about: str,
    title: str,
    text: str,
    user: User,
    theme: Theme | None = None,
    interview: Interview | None = None,
    excerpt: CodedExcerpt | None = None,
) -> Memo:
    """A new memo about the program, or one of its themes, interviews or excerpts."""
    if about not in About.values:
        raise MemoError("Say what the memo is about: the program, a theme, an interview or an "
                        "excerpt.")  # fmt: skip
    wanted = {About.THEME: theme, About.INTERVIEW: interview, About.EXCERPT: excerpt}
    if about != About.PROGRAM and wanted[About(about)] is None:
        raise MemoError(f"Choose the {About(about).label.split()[-1].lower()} the memo is about.")
    if theme is not None and theme.workspace_id != program.workspace_id:
        raise MemoError("Choose a theme of this workspace's codebook.")
    if excerpt is not None:
        if excerpt.program_id != program.pk:
            raise MemoError("That excerpt belongs to another program.")
        interview = excerpt.interview
    if interview is not None and interview.program_id != program.pk:
        raise MemoError("That interview belongs to another program.")
    _check_writer(user, program, interview)
    title, text = _checked(title, text)
    memo = Memo.objects.create(
        workspace=program.workspace,
        program=program,
        about=about,
        theme=theme if about == About.THEME else None,
        interview=interview if about in (About.INTERVIEW, About.EXCERPT) else None,
        excerpt=excerpt if about == About.EXCERPT else None,
        title=title,
        text=text,
        author=user,
        updated_by=user,
    )
    MemoRevision.objects.create(memo=memo, version=memo.version, title=title, text=text,
                                saved_by=user)  # fmt: skip
    log_action(memo, "memo.written", user=user, data={"about": memo.get_about_display().lower()})
    return memo


@transaction.atomic
def save_memo(memo: Memo, *, title: str, text: str, expected_version: int, user: User) -> Memo:
    """Save what was typed if the memo is still at ``expected_version``. Someone else's newer
    version is never overwritten: ``StaleEdit`` carries it, to be shown beside the typed one
    (the same words saved twice are no conflict)."""
    _check_writer(user, memo.program, memo.interview)
    title, text = _checked(title, text)
    current = Memo.objects.select_for_update().get(pk=memo.pk)
    unchanged = (current.title, current.text) == (title, text)
    if current.version != expected_version and not unchanged:
        raise StaleEdit(current)
    if unchanged:
        return current
    current.title, current.text, current.updated_by = title, text, user
    save_versioned(current, expected_version=expected_version,
                   fields=["title", "text", "updated_by"])  # fmt: skip
    MemoRevision.objects.create(memo=current, version=current.version, title=title, text=text,
                                saved_by=user)  # fmt: skip
    _log_editing(current, user)
    return current


def _log_editing(memo: Memo, user: User) -> None:
    """One history entry per editing session, not one per pause in typing."""
    since = timezone.now() - EDITING_SESSION
    recent = LogEntry.objects.for_object(memo).filter(
        user=user, action__in=["memo.written", "memo.edited"], created__gte=since
    )
    if not recent.exists():
        log_action(memo, "memo.edited", user=user, data={"version": memo.version})


@transaction.atomic
def share_memo(memo: Memo, *, shared: bool, user: User) -> Memo:
    """Let the workspace's stakeholders read the memo (or stop them). Only a memo about the
    program or a theme may leave the program team."""
    if not role_can(role_of(user, memo.workspace), Cap.PUBLISH):
        raise MemoError("Only the program owner or an admin shares memos with stakeholders.")
    if shared and memo.about not in SHAREABLE:
        raise MemoError(NOT_SHAREABLE)
    if memo.shared == shared:
        return memo
    now = timezone.now() if shared else None
    Memo.objects.filter(pk=memo.pk).update(
        shared=shared, shared_by=user if shared else None, shared_at=now
    )
    memo.shared, memo.shared_by, memo.shared_at = shared, user if shared else None, now
    log_action(memo, "memo.shared" if shared else "memo.unshared", user=user)
    return memo
