"""Reads of the codebook's versions: the current one, the draft, the excerpts coded under a
meaning that has since changed, and the versions a set of excerpts was coded under.

"Changed since" compares each theme's meaning digest in the version an excerpt was coded under
with the current version's (``snapshot.meaning_of``): a handful of digests per version, worked
out in Python, become one condition per version on (version, theme) — so counting or listing
the excerpts to review is one query however many there are.
"""

import copy
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet

from winloss.accounts.models import Workspace
from winloss.programs.models import Program

from ..models import CodedExcerpt, Theme
from .diff import ThemeChange, compare
from .models import CodebookError, CodebookStatus, CodebookVersion
from .snapshot import WORDING, Entry, State, by_slug


def current_version(workspace: Workspace) -> CodebookVersion:
    """The newest published version: what coders code under now."""
    version = (
        CodebookVersion.objects.published().filter(workspace=workspace).order_by("-number").first()
    )
    if version is None:
        raise CodebookError("This workspace's codebook has no published version yet.")
    return version


def draft_of(workspace: Workspace) -> CodebookVersion | None:
    return CodebookVersion.objects.filter(workspace=workspace, status=CodebookStatus.DRAFT).first()


def current_and_draft(workspace: Workspace) -> tuple[CodebookVersion, CodebookVersion | None]:
    """Both in one query: the draft is always the newest version when there is one."""
    newest = list(CodebookVersion.objects.filter(workspace=workspace).order_by("-number")[:2])
    draft = newest[0] if newest and newest[0].is_draft else None
    published = [v for v in newest if not v.is_draft]
    if not published:
        raise CodebookError("This workspace's codebook has no published version yet.")
    return published[0], draft


def pending_entries(workspace: Workspace) -> list[Entry]:
    """The entries a change starts from: the draft's, or the current version's."""
    current, draft = current_and_draft(workspace)
    return (draft or current).themes


# (id, number, meanings) of each published version, oldest first.
Published = list[tuple[int, int, dict[str, str]]]


def published_meanings(workspace_id: int) -> Published:
    return list(
        CodebookVersion.objects.published()
        .filter(workspace_id=workspace_id)
        .order_by("number")
        .values_list("pk", "number", "meanings")
    )


def changed_since(published: Published) -> Q | None:
    """Excerpts whose theme means something else now than in the version they were coded
    under (None when there are none). A theme missing from that version — one merged into a
    theme that version did not have — counts as changed."""
    if len(published) < 2:
        return None
    *earlier, (_pk, _number, current) = published
    condition: Q | None = None
    for pk, _n, meanings in earlier:
        themes = [int(theme) for theme, digest in current.items() if meanings.get(theme) != digest]
        if themes:
            this = Q(codebook_version_id=pk, theme_id__in=themes)
            condition = this if condition is None else condition | this
    return condition


@dataclass(frozen=True)
class CodebookSpan:
    """The codebook versions a set of excerpts was coded under, and how many of them were
    coded under a meaning that has since changed."""

    first: int | None
    last: int | None
    current: int
    changed: int

    @property
    def versions(self) -> str:
        """ "version 2" or "versions 1–3": what the excerpts were coded under ("" for none)."""
        if self.first is None:
            return ""
        if self.first == self.last:
            return f"version {self.first}"
        return f"versions {self.first}–{self.last}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "versions": self.versions}


def codebook_span(workspace_id: int, excerpts: QuerySet[CodedExcerpt]) -> CodebookSpan:
    """Two queries: the versions' digests, then one aggregate over the excerpts."""
    published = published_meanings(workspace_id)
    if not published:
        raise CodebookError("This workspace's codebook has no published version yet.")
    numbers = {pk: number for pk, number, _m in published}
    stale = changed_since(published)
    wanted: dict[str, Any] = {"first": Min("codebook_version"), "last": Max("codebook_version")}
    if stale is not None:
        wanted["changed"] = Count("pk", filter=stale)
    found = excerpts.order_by().aggregate(**wanted)
    return CodebookSpan(
        first=numbers.get(found["first"]),
        last=numbers.get(found["last"]),
        current=published[-1][1],
        changed=found.get("changed") or 0,
    )


def to_review(program: Program, published: Published | None = None) -> QuerySet[CodedExcerpt]:
    """The program's excerpts coded under a meaning of their theme that has since changed
    (``published``: the workspace's ``published_meanings``, when already read)."""
    if published is None:
        published = published_meanings(program.workspace_id)
    stale = changed_since(published)
    if stale is None:
        return CodedExcerpt.objects.none()
    return CodedExcerpt.objects.filter(program=program).filter(stale)


def entries_by_theme(version_ids: set[int]) -> dict[int, tuple[int, dict[int, Entry]]]:
    """{version id: (its number, {theme id: entry})} for these versions, in one query."""
    rows = CodebookVersion.objects.filter(pk__in=version_ids).values_list("pk", "number", "themes")
    return {pk: (number, {e["id"]: e for e in themes}) for pk, number, themes in rows}


def theme_as_drafted(theme: Theme, entries: list[Entry]) -> Theme:
    """The theme as ``entries`` have it (a draft's), unsaved: what its form opens on, with
    ``version`` the entry's revision, and what a lost edit is shown beside."""
    entry = by_slug(entries).get(theme.slug)
    if entry is None:
        return theme
    ids = {e["slug"]: e["id"] for e in entries}
    return Theme(
        pk=theme.pk,
        workspace=theme.workspace,
        slug=theme.slug,
        guid=theme.guid,
        pack=theme.pack,
        position=theme.position,
        parent_id=ids.get(entry["parent"]) if entry["parent"] else None,
        is_active=entry["state"] == State.ACTIVE,
        version=entry["rev"],
        **{name: copy.deepcopy(entry[name]) for name in WORDING},
    )


def compared(workspace: Workspace, old: int, new: int) -> list[ThemeChange]:
    """Versions ``old`` and ``new`` (numbers) of the codebook, theme by theme."""
    themes = dict(
        CodebookVersion.objects.filter(workspace=workspace, number__in=[old, new]).values_list(
            "number", "themes"
        )
    )
    return compare(themes[old], themes[new])
