"""Reads for the Analyse page's drill-downs."""

from winloss.accounts.models import Workspace
from winloss.coding.models import Theme


def theme_and_below(workspace: Workspace, slug: str) -> list[int]:
    """The theme called ``slug`` and every theme below it: a parent theme's figure counts its
    sub-themes' excerpts, so its drill-down lists them too."""
    themes = list(Theme.objects.filter(workspace=workspace).values_list("pk", "slug", "parent_id"))
    parents = {pk: parent for pk, _slug, parent in themes}
    root = next((pk for pk, theme_slug, _parent in themes if theme_slug == slug), None)
    if root is None:
        return []
    found = {root}
    changed = True
    while changed:  # walk down level by level; a codebook is a few dozen themes
        below = {pk for pk, parent in parents.items() if parent in found and pk not in found}
        found |= below
        changed = bool(below)
    return sorted(found)
