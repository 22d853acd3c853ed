"""Writes to a workspace's codebook: seeding, custom tags, packs, edits and merges."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from winloss.accounts.models import User, Workspace
from winloss.activity.services import diff, log_action, snapshot
from winloss.lib.concurrency import save_versioned
from winloss.lib.errors import DomainError

from ..models import SOP_PACK, CodedExcerpt, Theme
from ..suggest.services import move_suggestions
from ..summary import interviews_coded_with, refresh_summary
from . import DEFAULT_CODEBOOK, INDUSTRY_PACKS
from . import Theme as EngineTheme
from .theme import DIRECTIONS, SLUG

EDITABLE = ("name", "definition", "include", "exclude", "examples", "seed_phrases", "parent")


class CodebookError(DomainError):
    """A codebook change that cannot be made, said for the person who asked."""


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


def _next_position(workspace: Workspace) -> int:
    top = Theme.objects.filter(workspace=workspace).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def check_examples(examples: list[dict[str, Any]]) -> None:
    for example in examples:
        if example.get("direction") not in DIRECTIONS:
            raise CodebookError(
                f"Example “{example.get('text', '')}”: the direction must be one of "
                f"{', '.join(DIRECTIONS)}."
            )


def _check_parent(workspace: Workspace, parent: Theme | None, theme: Theme | None = None) -> None:
    if parent is None:
        return
    if parent.workspace_id != workspace.pk or not parent.is_active:
        raise CodebookError("The parent theme must be an active theme of this codebook.")
    ancestor: Theme | None = parent
    while ancestor is not None:
        if theme is not None and ancestor.pk == theme.pk:
            raise CodebookError("A theme cannot sit under itself or one of its sub-themes.")
        ancestor = ancestor.parent


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
    """A custom tag: the workspace's own theme beside the SOP's, optionally refining one."""
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
    _check_parent(workspace, parent)
    theme = Theme.objects.create(
        workspace=workspace,
        slug=slug,
        name=name.strip(),
        parent=parent,
        position=_next_position(workspace),
        **fields,
    )
    log_action(theme, "theme.created", user=user, data={"slug": slug})
    return theme


@transaction.atomic
def update_theme(theme: Theme, *, user: User, expected_version: int, **fields: Any) -> Theme:
    """Edit a theme's wording or rename it; the slug stays, so its codes stay with it."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CodebookError(f"{sorted(unknown)[0]} cannot be edited.")
    if "name" in fields and not fields["name"].strip():
        raise CodebookError("Give the theme a name.")
    check_examples(fields.get("examples", []))
    if "parent" in fields:
        _check_parent(theme.workspace, fields["parent"], theme)
    before = snapshot(Theme.objects.get(pk=theme.pk), fields)
    for name, value in fields.items():
        setattr(theme, name, value)
    changes = diff(before, snapshot(theme, fields))
    if not changes:
        return theme
    save_versioned(theme, expected_version=expected_version, fields=fields)
    action = "theme.renamed" if set(changes) == {"name"} else "theme.changed"
    log_action(
        theme, action, user=user, changes=changes, data={"old": changes.get("name", [""])[0]}
    )
    return theme


@transaction.atomic
def enable_pack(*, workspace: Workspace, user: User, pack: str) -> list[Theme]:
    """Add an industry pack's themes under the SOP themes they refine."""
    if pack not in INDUSTRY_PACKS:
        raise CodebookError(f"There is no industry pack “{pack}”.")
    existing = set(Theme.objects.filter(workspace=workspace).values_list("slug", flat=True))
    new = [theme for theme in INDUSTRY_PACKS[pack] if theme.slug not in existing]
    if not new:
        raise CodebookError("That pack is already in the codebook.")
    parents = {t.slug: t for t in Theme.objects.filter(workspace=workspace, is_active=True)}
    position = _next_position(workspace)
    created = []
    for offset, engine_theme in enumerate(new):
        theme = _from_engine(workspace, engine_theme, pack=pack, position=position + offset)
        theme.parent = parents.get(engine_theme.parent or "")
        theme.save()
        created.append(theme)
    log_action(
        workspace, "codebook.pack_enabled", user=user, data={"pack": pack, "count": len(created)}
    )
    return created


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme, user: User) -> int:
    """Carry every code of ``source`` to ``target``; ``source`` is kept, inactive, so the log
    and old exports still name it. Returns the number of excerpts moved."""
    if source.pk == target.pk:
        raise CodebookError("Choose another theme to merge into.")
    if source.workspace_id != target.workspace_id:
        raise CodebookError("Both themes must be in the same codebook.")
    source = Theme.objects.select_for_update().get(pk=source.pk)
    if not source.is_active or not target.is_active:
        raise CodebookError("Only active themes can be merged.")
    excerpts = CodedExcerpt.objects.filter(theme=source)
    touched = interviews_coded_with(excerpts)
    moved = excerpts.update(theme=target)
    refresh_summary(touched)
    move_suggestions(source=source, target=target)
    Theme.objects.filter(parent=source).exclude(pk=target.pk).update(parent=target)
    if target.parent_id == source.pk:
        target.parent = source.parent
        target.save(update_fields=["parent"])
    Theme.objects.filter(pk=source.pk).update(is_active=False, merged_into=target)
    log_action(
        target,
        "theme.merged",
        user=user,
        data={"source": source.name, "source_slug": source.slug, "excerpts": moved},
    )
    log_action(source, "theme.merged_away", user=user, data={"target": target.name})
    return moved
