"""Publishing the codebook's draft, or discarding it.

Publishing applies the draft to the themes coders use — wording, names, parents, new themes,
merges (which move the codes) and retirements — in one transaction, and freezes the draft as
the current version with its entries and meaning digests. From then on, excerpts coded under an
earlier version whose theme now means something else are listed for review (``queries``).
"""

from django.db import transaction
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action

from ..models import CodedExcerpt, Theme
from ..suggest.services import move_suggestions
from ..summary import interviews_coded_with, refresh_summary
from .diff import ThemeChange, changed_only, compare
from .models import CodebookError, CodebookStatus, CodebookVersion
from .queries import changed_since, current_version, published_meanings
from .snapshot import FIELDS, WORDING, Entry, State, by_slug, entries_of, meanings_of


def _locked_draft(workspace: Workspace, expected_version: int) -> CodebookVersion:
    draft = (
        CodebookVersion.objects.select_for_update()
        .filter(workspace=workspace, status=CodebookStatus.DRAFT)
        .first()
    )
    if draft is None:
        raise CodebookError("There is no draft of the codebook: edit a theme to start one.")
    if draft.version != expected_version:
        raise CodebookError(
            "The draft changed since you opened it. Read its changes again, then decide."
        )
    return draft


def _check_consistent(entries: list[Entry]) -> None:
    """Every theme in use sits under a theme in use, and merges into one."""
    by = by_slug(entries)
    for entry in entries:
        if entry["state"] == State.ACTIVE and entry["parent"]:
            parent = by.get(entry["parent"])
            if parent is None or parent["state"] != State.ACTIVE:
                raise CodebookError(
                    f"“{entry['name']}” sits under “{parent['name'] if parent else '?'}”, which "
                    "the draft takes out of use: choose another parent for it first."
                )
        if entry["state"] == State.MERGED:
            target = by.get(entry["merged_into"] or "")
            if target is None or target["state"] != State.ACTIVE:
                raise CodebookError(
                    f"“{entry['name']}” merges into a theme the draft takes out of use: restore "
                    "it or merge it elsewhere first."
                )


def _differs(old: Entry | None, new: Entry) -> bool:
    if old is None:
        return True
    return any(old.get(n) != new.get(n) for n in (*FIELDS, "state", "merged_into"))


def _carry_codes(source: Theme, target: Theme) -> int:
    """Move every code (and suggestion) of ``source`` to ``target``; how many excerpts moved.
    The excerpts keep the version they were coded under: the review queue lists them when
    ``target`` means something else now than it did then."""
    excerpts = CodedExcerpt.objects.filter(theme=source)
    touched = interviews_coded_with(excerpts)
    moved = excerpts.update(theme=target)
    refresh_summary(touched)
    move_suggestions(source=source, target=target)
    return moved


@transaction.atomic
def publish_codebook(
    *, workspace: Workspace, user: User | None, expected_version: int, note: str = ""
) -> CodebookVersion:
    """Make the draft the current version: apply it to the themes, then freeze it."""
    draft = _locked_draft(workspace, expected_version)
    current = current_version(workspace)
    changes = changed_only(compare(current.themes, draft.themes))
    if not changes:
        raise CodebookError("The draft changes nothing yet: edit a theme, or discard the draft.")
    _check_consistent(draft.themes)
    rows = {t.slug: t for t in Theme.objects.select_for_update().filter(workspace=workspace)}
    before = by_slug(current.themes)
    entries = by_slug(draft.themes)
    changed: list[Theme] = []
    for slug, entry in entries.items():
        row = rows[slug]
        if not _differs(before.get(slug), entry):
            continue
        for name in WORDING:
            setattr(row, name, entry[name])
        row.parent = rows[entry["parent"]] if entry["parent"] else None
        row.is_active = entry["state"] == State.ACTIVE
        row.merged_into = rows[entry["merged_into"]] if entry["merged_into"] else None
        # The entry's last revision: a form opened on it still matches the wording it showed.
        row.version = max(row.version + 1, entry["rev"])
        changed.append(row)
    Theme.objects.bulk_update(
        changed, [*WORDING, "parent", "is_active", "merged_into", "version"], batch_size=200
    )
    for change in changes:
        _apply_and_log(change, rows, user)
    draft.themes = entries_of(Theme.objects.filter(workspace=workspace).order_by("position", "pk"))
    draft.meanings = meanings_of(draft.themes)
    draft.status = CodebookStatus.PUBLISHED
    draft.published_by, draft.published_at = user, timezone.now()
    draft.note = note.strip()
    draft.version += 1
    draft.save()
    log_action(
        draft,
        "codebook.published",
        user=user,
        data={"number": draft.number, "changes": len(changes)},
    )
    return draft


def _apply_and_log(change: ThemeChange, rows: dict[str, Theme], user: User | None) -> None:
    theme = rows[change.slug]
    if "added" in change.kinds:
        log_action(theme, "theme.created", user=user, data={"slug": theme.slug})
        return
    if "merged" in change.kinds:
        target = rows[change.new["merged_into"]]  # type: ignore[index]  # merged: has both
        moved = _carry_codes(theme, target)
        log_action(
            target,
            "theme.merged",
            user=user,
            data={"source": theme.name, "source_slug": theme.slug, "excerpts": moved},
        )
        log_action(theme, "theme.merged_away", user=user, data={"target": target.name})
    elif "retired" in change.kinds:
        log_action(theme, "theme.retired", user=user)
    elif "restored" in change.kinds:
        log_action(theme, "theme.restored", user=user)
    old, new = change.old or {}, change.new or {}
    edits = diff({n: old.get(n) for n in FIELDS}, {n: new.get(n) for n in FIELDS})
    if edits:
        action = "theme.renamed" if set(edits) == {"name"} else "theme.changed"
        log_action(theme, action, user=user, changes=edits, data={"old": change.old_name})


def excerpts_to_review(workspace: Workspace) -> int:
    """The workspace's excerpts coded under a meaning that has since changed (after a
    publish, to say how many the review queues now hold)."""
    stale = changed_since(published_meanings(workspace.pk))
    if stale is None:
        return 0
    return CodedExcerpt.objects.filter(workspace=workspace).filter(stale).count()


@transaction.atomic
def discard_draft(*, workspace: Workspace, user: User, expected_version: int) -> None:
    """Drop the draft and the themes it added; the current version stays as it is."""
    draft = _locked_draft(workspace, expected_version)
    added = [entry["slug"] for entry in draft.themes if entry.get("new")]
    # Never in use, so nothing was coded with them.
    Theme.objects.filter(workspace=workspace, slug__in=added, is_active=False).delete()
    changes = len(changed_only(compare(current_version(workspace).themes, draft.themes)))
    number = draft.number
    draft.delete()
    log_action(
        workspace,
        "codebook.draft_discarded",
        user=user,
        data={"number": number, "changes": changes},
    )
