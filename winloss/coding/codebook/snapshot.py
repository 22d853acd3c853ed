"""A codebook version's record of its themes: one plain entry per theme, as JSON.

An entry holds everything a person edits about a theme, its parent and merge target by slug
(slugs never change), its state, and ``rev`` — the revision the theme form was opened on. A
published version keeps the entries of every theme, merged and retired ones included, so a
diff and "coded under" read exactly what that version said however the codebook changes later.

``meaning_of`` condenses what a theme *means* — its definition, rules, examples and whether it
is still in use — into a short digest; a published version stores one per theme, so finding
the excerpts coded under a meaning that has since changed compares a few digests per version
instead of reading snapshots or excerpts.
"""

import hashlib
import json
from collections.abc import Iterable
from typing import Any, Protocol


class State:
    ACTIVE = "active"
    RETIRED = "retired"
    MERGED = "merged"


# What a code means: a change to any of these queues the excerpts coded under the old wording
# for review. A new name, a new parent or new seed phrases leave the meaning as it was.
MEANING = ("definition", "include", "exclude", "examples")
# Everything the theme form edits, in the order a diff shows it; WORDING is all but the parent.
FIELDS = ("name", "parent", "definition", "include", "exclude", "examples", "seed_phrases")
WORDING = tuple(name for name in FIELDS if name != "parent")
LABELS = {
    "name": "Name",
    "parent": "Sub-theme of",
    "definition": "Definition",
    "include": "Include when",
    "exclude": "Exclude when",
    "examples": "Examples",
    "seed_phrases": "Seed phrases",
}

Entry = dict[str, Any]


class ThemeRow(Protocol):
    """What an entry is read from: a ``coding.models.Theme`` (or a migration's copy of it)."""

    pk: Any
    slug: str
    name: str
    definition: str
    include: list
    exclude: list
    examples: list
    seed_phrases: list
    parent_id: int | None
    is_active: bool
    merged_into_id: int | None
    version: int


def entries_of(themes: Iterable[ThemeRow]) -> list[Entry]:
    """The entries of a workspace's themes (all of them: parents are named by slug)."""
    themes = list(themes)
    slugs = {t.pk: t.slug for t in themes}
    return [
        {
            "id": t.pk,
            "slug": t.slug,
            "name": t.name,
            "definition": t.definition,
            "include": list(t.include),
            "exclude": list(t.exclude),
            "examples": [dict(e) for e in t.examples],
            "seed_phrases": list(t.seed_phrases),
            "parent": slugs.get(t.parent_id) if t.parent_id else None,
            "state": State.ACTIVE
            if t.is_active
            else State.MERGED
            if t.merged_into_id
            else State.RETIRED,
            "merged_into": slugs.get(t.merged_into_id) if t.merged_into_id else None,
            "rev": t.version,
        }
        for t in themes
    ]


def meaning_of(entry: Entry) -> str:
    """A digest of the theme's meaning: equal digests, equal meanings."""
    meaning = {name: entry.get(name) for name in MEANING}
    meaning["state"] = entry.get("state")
    text = json.dumps(meaning, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def meanings_of(entries: Iterable[Entry]) -> dict[str, str]:
    """{theme id: digest} — what a published version stores beside its entries."""
    return {str(entry["id"]): meaning_of(entry) for entry in entries}


def by_slug(entries: Iterable[Entry]) -> dict[str, Entry]:
    return {entry["slug"]: entry for entry in entries}
