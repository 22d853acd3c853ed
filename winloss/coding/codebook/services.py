"""Writes to a workspace's codebook: seeding, and every change, which goes into the draft.

Coders code under the current published version, so a change never reaches them half-made:
editing a theme's wording, renaming, merging, retiring or restoring one, adding a theme, a
pack or an imported file all change the codebook's one draft version (started, as a copy of
the current version, by the first change). ``publishing.publish_codebook`` applies the draft.

A theme added in the draft gets its row at once, inactive — so it has an id to edit it by and
cannot be coded — and comes into use when the draft is published.
"""

import copy
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action
from winloss.lib.errors import StaleEdit

from ..models import SOP_PACK, CodedExcerpt, Theme
from . import DEFAULT_CODEBOOK, INDUSTRY_PACKS
from . import Theme as EngineTheme
from .models import CodebookError, CodebookStatus, CodebookVersion
from .queries import current_version, draft_of, pending_entries, theme_as_drafted
from .snapshot import FIELDS, Entry, State, by_slug, entries_of, meanings_of
from .theme import DIRECTIONS, SLUG

__all__ = ["CodebookError"]

EDITABLE = FIELDS


def seed_new_workspace(sender: Any, *, workspace: Workspace, **kwargs: Any) -> None:
    """Receiver of ``accounts.signals.workspace_created``: a workspace starts with the SOP's
    codebook, so coding begins from the standard taxonomy (SOP step 7)."""
    seed_codebook(workspace=workspace)


@transaction.atomic
def seed_codebook(*, workspace: Workspace) -> None:
    # ignore_conflicts: seeding twice keeps one of each (the slug is unique per workspace).
    Theme.objects.bulk_create(
        [
            _from_engine(workspace, theme, pack=SOP_PACK, position=position)
            for position, theme in enumerate(DEFAULT_CODEBOOK, start=1)
        ],
        ignore_conflicts=True,
    )
    publish_first_version(workspace=workspace)


def publish_first_version(*, workspace: Workspace, user: User | None = None) -> CodebookVersion:
    """Version 1, published: the codebook as it stands (a new workspace's seeded themes)."""
    existing = CodebookVersion.objects.published().filter(workspace=workspace).first()
    if existing is not None:
        return existing
    entries = entries_of(Theme.objects.filter(workspace=workspace).order_by("position", "pk"))
    return CodebookVersion.objects.create(
        workspace=workspace,
        number=1,
        status=CodebookStatus.PUBLISHED,
        themes=entries,
        meanings=meanings_of(entries),
        created_by=user,
        published_by=user,
        published_at=timezone.now(),
    )


def _from_engine(workspace: Workspace, theme: EngineTheme, *, pack: str, position: int) -> Theme:
    return Theme(
        workspace=workspace,
        slug=theme.slug,
        name=theme.name,
        definition=theme.definition,
        include=list(theme.include),
        exclude=list(theme.exclude),
        examples=[{"text": e.text, "direction": e.direction} for e in theme.examples],
        seed_phrases=list(theme.seed_phrases),
        pack=pack,
        position=position,
    )


def next_position(workspace: Workspace) -> int:
    top = Theme.objects.filter(workspace=workspace).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def check_examples(examples: list[dict[str, Any]]) -> None:
    for example in examples:
        if example.get("direction") not in DIRECTIONS:
            raise CodebookError(
                f"Example “{example.get('text', '')}”: the direction must be one of "
                f"{', '.join(DIRECTIONS)}."
            )


# --- The draft --------------------------------------------------------------------------------


def begin_draft(*, workspace: Workspace, user: User | None) -> CodebookVersion:
    """The workspace's draft, started as a copy of the current version by the first change.
    Call inside the change's transaction: the workspace row is locked, so two first changes
    made at once make one draft, and every change to the draft waits its turn."""
    Workspace.objects.select_for_update().only("pk").get(pk=workspace.pk)
    draft = draft_of(workspace)
    if draft is not None:
        return draft
    current = current_version(workspace)
    draft = CodebookVersion.objects.create(
        workspace=workspace,
        number=current.number + 1,
        themes=copy.deepcopy(current.themes),
        created_by=user,
    )
    log_action(
        draft,
        "codebook.draft_started",
        user=user,
        data={"number": draft.number, "based_on": current.number},
    )
    return draft


def save_draft(draft: CodebookVersion) -> None:
    draft.version += 1  # a publish is of exactly the draft the person read
    draft.save(update_fields=["themes", "version"])


def _entry(draft: CodebookVersion, slug: str) -> Entry:
    entry = by_slug(draft.themes).get(slug)
    if entry is None:
        raise CodebookError(f"The draft has no theme “{slug}”.")
    return entry


def _active_entry(draft: CodebookVersion, theme: Theme) -> Entry:
    entry = _entry(draft, theme.slug)
    if entry["state"] != State.ACTIVE:
        raise CodebookError(
            f"“{entry['name']}” is {entry['state']} in draft version {draft.number}: restore "
            "it first."
        )
    return entry


def _parent_slug(workspace: Workspace, parent: Theme | None) -> str | None:
    if parent is not None and parent.workspace_id != workspace.pk:
        raise CodebookError("The parent theme must be an active theme of this codebook.")
    return parent.slug if parent is not None else None


def _check_parent(draft: CodebookVersion, parent: str | None, slug: str | None = None) -> None:
    """The parent must be in use in the draft, and not the theme or one of its sub-themes."""
    if parent is None:
        return
    entries = by_slug(draft.themes)
    ancestor = entries.get(parent)
    if ancestor is None or ancestor["state"] != State.ACTIVE:
        raise CodebookError("The parent theme must be an active theme of this codebook.")
    seen: set[str] = set()
    while ancestor is not None and ancestor["slug"] not in seen:
        if ancestor["slug"] == slug:
            raise CodebookError("A theme cannot sit under itself or one of its sub-themes.")
        seen.add(ancestor["slug"])
        ancestor = entries.get(ancestor["parent"]) if ancestor["parent"] else None


def _check_name_free(draft: CodebookVersion, name: str, slug: str | None = None) -> None:
    """Two themes in use may not share a name: coders, reports and other tools (REFI-QDA
    projects merge codes by name) could not tell them apart."""
    wanted = " ".join(name.split()).casefold()
    for entry in draft.themes:
        same = " ".join(entry["name"].split()).casefold() == wanted
        if same and entry["slug"] != slug and entry["state"] == State.ACTIVE:
            raise CodebookError(
                f"The codebook already has a theme named “{entry['name']}”: choose another "
                "name, or merge the two."
            )


def _log(theme: Theme, action: str, user: User | None, draft: CodebookVersion, **data: Any) -> None:
    log_action(theme, action, user=user, data={"number": draft.number, **data})


@transaction.atomic
def add_theme(
    *,
    workspace: Workspace,
    user: User,
    slug: str,
    name: str,
    parent: Theme | None = None,
    **fields: Any,
) -> Theme:
    """A custom tag, beside the SOP's themes, optionally refining one: in the draft until it
    is published."""
    if not SLUG.match(slug):
        raise CodebookError(
            f"“{slug}” cannot be a theme's short name: use 2–49 lowercase letters, digits and "
            "_, starting with a letter."
        )
    if Theme.objects.filter(workspace=workspace, slug=slug).exists():
        raise CodebookError(f"The codebook already has a theme “{slug}”.")
    if not name.strip():
        raise CodebookError("Give the theme a name.")
    check_examples(fields.get("examples", []))
    draft = begin_draft(workspace=workspace, user=user)
    parent_slug = _parent_slug(workspace, parent)
    _check_parent(draft, parent_slug)
    theme = Theme.objects.create(
        workspace=workspace,
        slug=slug,
        name=name.strip(),
        position=next_position(workspace),
        is_active=False,
        **fields,
    )
    add_entries(draft, [theme], parents={slug: parent_slug})
    save_draft(draft)
    _log(theme, "theme.add_drafted", user, draft, slug=slug, name=theme.name)
    return theme


def add_entries(
    draft: CodebookVersion, themes: list[Theme], parents: dict[str, str | None] | None = None
) -> None:
    """Themes added in ``draft``: their rows (inactive, under no parent until published, so
    no page counts them yet) and their entries, under ``parents`` (slug: parent's slug)."""
    for theme in themes:
        _check_name_free(draft, theme.name)
        (entry,) = entries_of([theme])
        entry.update(parent=(parents or {}).get(theme.slug), state=State.ACTIVE, new=True)
        draft.themes.append(entry)


@transaction.atomic
def update_theme(theme: Theme, *, user: User, expected_version: int, **fields: Any) -> Entry:
    """Edit a theme's wording, rename it or put it under another, in the draft; the slug stays,
    so its codes stay with it. ``expected_version`` is the revision the form was opened on."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CodebookError(f"{sorted(unknown)[0]} cannot be edited.")
    if "name" in fields:
        if not fields["name"].strip():
            raise CodebookError("Give the theme a name.")
        fields["name"] = fields["name"].strip()
    check_examples(fields.get("examples", []))
    if "parent" in fields:
        fields["parent"] = _parent_slug(theme.workspace, fields["parent"])
    # Saving a form unchanged starts no draft.
    pending = by_slug(pending_entries(theme.workspace)).get(theme.slug)
    unchanged = pending is not None and not diff({n: pending.get(n) for n in fields}, fields)
    if unchanged and pending is not None and pending["rev"] == expected_version:
        return pending
    draft = begin_draft(workspace=theme.workspace, user=user)
    entry = _active_entry(draft, theme)
    if entry["rev"] != expected_version:
        raise StaleEdit(theme_as_drafted(theme, draft.themes))
    if "parent" in fields:
        _check_parent(draft, fields["parent"], theme.slug)
    if "name" in fields:
        _check_name_free(draft, fields["name"], theme.slug)
    changes = diff({name: entry.get(name) for name in fields}, fields)
    if not changes:
        return entry
    entry.update(fields)
    entry["rev"] += 1
    save_draft(draft)
    action = "theme.rename_drafted" if set(changes) == {"name"} else "theme.change_drafted"
    old = changes.get("name", [entry["name"]])[0]
    log_action(
        theme,
        action,
        user=user,
        changes=changes,
        data={"number": draft.number, "name": entry["name"], "old": old},
    )
    return entry


@transaction.atomic
def enable_pack(*, workspace: Workspace, user: User, pack: str) -> list[Theme]:
    """Add an industry pack's themes under the SOP themes they refine, in the draft."""
    if pack not in INDUSTRY_PACKS:
        raise CodebookError(f"There is no industry pack “{pack}”.")
    existing = set(Theme.objects.filter(workspace=workspace).values_list("slug", flat=True))
    new = [theme for theme in INDUSTRY_PACKS[pack] if theme.slug not in existing]
    if not new:
        raise CodebookError("That pack is already in the codebook.")
    draft = begin_draft(workspace=workspace, user=user)
    entries = by_slug(draft.themes)
    position = next_position(workspace)
    created, parents = [], {}
    for offset, engine_theme in enumerate(new):
        theme = _from_engine(workspace, engine_theme, pack=pack, position=position + offset)
        theme.is_active = False
        theme.save()
        created.append(theme)
        parent = entries.get(engine_theme.parent or "")
        in_use = parent is not None and parent["state"] == State.ACTIVE
        parents[theme.slug] = engine_theme.parent if in_use else None
    add_entries(draft, created, parents)
    save_draft(draft)
    log_action(
        workspace,
        "codebook.pack_drafted",
        user=user,
        data={"pack": pack, "count": len(created), "number": draft.number},
    )
    return created


def _drop_new(draft: CodebookVersion, theme: Theme) -> None:
    """Take a theme added in this draft out again: it was never in use, so it goes."""
    draft.themes = [e for e in draft.themes if e["slug"] != theme.slug]
    for entry in draft.themes:
        if entry["parent"] == theme.slug:
            entry["parent"] = None
            entry["rev"] += 1
    Theme.objects.filter(pk=theme.pk, is_active=False).delete()


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme, user: User) -> int:
    """Mark ``source`` to merge into ``target`` when the draft is published: then every code
    of ``source`` moves to ``target``, and ``source`` is kept, inactive, so the log and old
    exports still name it. Returns the number of excerpts that will move."""
    if source.pk == target.pk:
        raise CodebookError("Choose another theme to merge into.")
    if source.workspace_id != target.workspace_id:
        raise CodebookError("Both themes must be in the same codebook.")
    draft = begin_draft(workspace=source.workspace, user=user)
    entries = by_slug(draft.themes)
    merging, into = entries.get(source.slug), entries.get(target.slug)
    if not merging or not into or {merging["state"], into["state"]} != {State.ACTIVE}:
        raise CodebookError("Only active themes can be merged.")
    if merging.get("new"):
        raise CodebookError(
            f"“{merging['name']}” is new in this draft and has no codes: remove it instead."
        )
    for entry in draft.themes:
        changed = False
        if entry["parent"] == source.slug and entry["slug"] != target.slug:
            entry["parent"] = target.slug
            changed = True
        if entry["merged_into"] == source.slug:  # merged into it earlier in this draft
            entry["merged_into"] = target.slug
            changed = True
        if changed:
            entry["rev"] += 1
    if into["parent"] == source.slug:
        into["parent"] = merging["parent"]
        into["rev"] += 1
    merging.update(state=State.MERGED, merged_into=target.slug, rev=merging["rev"] + 1)
    save_draft(draft)
    _log(source, "theme.merge_drafted", user, draft, name=merging["name"], target=into["name"])
    return CodedExcerpt.objects.filter(theme=source).count()


@transaction.atomic
def retire_theme(*, theme: Theme, user: User) -> None:
    """Retire a theme when the draft is published: no new codes, its excerpts stay (and are
    listed for review, their theme no longer in use). One added in this draft is removed."""
    draft = begin_draft(workspace=theme.workspace, user=user)
    entry = _active_entry(draft, theme)
    if entry.get("new"):
        _drop_new(draft, theme)
        save_draft(draft)
        _log(theme, "theme.removed_from_draft", user, draft, name=entry["name"])
        return
    merging = [e["name"] for e in draft.themes if e["merged_into"] == theme.slug]
    if merging:
        raise CodebookError(
            f"“{merging[0]}” merges into “{entry['name']}” in this draft: restore it or merge it "
            "elsewhere before retiring this theme."
        )
    for child in draft.themes:
        if child["parent"] == theme.slug:
            child["parent"] = entry["parent"]
            child["rev"] += 1
    entry.update(state=State.RETIRED, rev=entry["rev"] + 1)
    save_draft(draft)
    _log(theme, "theme.retire_drafted", user, draft, name=entry["name"])


@transaction.atomic
def restore_theme(*, theme: Theme, user: User) -> None:
    """Bring a retired or merged theme back into use when the draft is published. A merged
    theme's excerpts stay where the merge moved them."""
    draft = begin_draft(workspace=theme.workspace, user=user)
    entry = _entry(draft, theme.slug)
    if entry["state"] == State.ACTIVE:
        raise CodebookError(f"“{entry['name']}” is in use already.")
    if entry["parent"] is not None:
        parent = by_slug(draft.themes).get(entry["parent"])
        if parent is None or parent["state"] != State.ACTIVE:
            entry["parent"] = None
    entry.update(state=State.ACTIVE, merged_into=None, rev=entry["rev"] + 1)
    save_draft(draft)
    _log(theme, "theme.restore_drafted", user, draft, name=entry["name"])
