"""What changed between two codebook versions, theme by theme, with word-level highlights.

Pure functions over version entries (``snapshot``): the versions page sets two versions side by
side, the codebook page counts the draft's changes, and the review queue shows what changed in
a theme since its excerpts were coded.
"""

import difflib
import re
from dataclasses import dataclass, field

from .snapshot import FIELDS, LABELS, MEANING, Entry, State, by_slug

# Words, runs of spaces (line breaks included) and single marks, so the pieces put back
# together are exactly the text, and a change is shown word by word.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

SAME, REMOVED, ADDED = "same", "removed", "added"
KIND_LABELS = {
    ADDED: "New",
    REMOVED: "Not in the newer version",
    "renamed": "Renamed",
    "merged": "Merged",
    "retired": "Retired",
    "restored": "Back in use",
    "changed": "Changed",
}
Pieces = list[tuple[str, str]]  # (SAME | REMOVED | ADDED, text)


def word_diff(old: str, new: str) -> tuple[Pieces, Pieces]:
    """The old text with its removed words marked, and the new with its added words marked."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: Pieces = []
    right: Pieces = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append((SAME, "".join(a[i1:i2])))
            right.append((SAME, "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append((REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            right.append((ADDED, "".join(b[j1:j2])))
    return _joined(left, REMOVED), _joined(right, ADDED)


def _joined(pieces: Pieces, changed: str) -> Pieces:
    """Two changed runs with only spaces between read as one: "pricing model" struck once."""
    out: Pieces = []
    for op, text in pieces:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        elif (
            op == changed
            and len(out) >= 2
            and out[-2][0] == changed
            and out[-1][0] == SAME
            and not out[-1][1].strip()
        ):
            space = out.pop()[1]
            out[-1] = (changed, out[-1][1] + space + text)
        else:
            out.append((op, text))
    return out


def field_text(entry: Entry | None, name: str, names: dict[str, str] | None = None) -> str:
    """A field as a person reads it: lists one item a line, examples with their direction,
    the parent by its name."""
    if entry is None:
        return ""
    value = entry.get(name)
    if name == "parent":
        return (names or {}).get(value, str(value)) if value else ""
    if name == "examples":
        return "\n".join(f"{e['direction']}: {e['text']}" for e in value or [])
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "")


@dataclass
class FieldChange:
    name: str
    label: str
    old: Pieces
    new: Pieces


@dataclass
class ThemeChange:
    """One theme across two versions. ``kinds`` says what happened to it — added, removed,
    renamed, merged, retired, restored, changed (its wording) — empty when nothing did."""

    slug: str
    old: Entry | None
    new: Entry | None
    kinds: list[str] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)
    merged_into: str = ""  # the target's name, when merged

    @property
    def name(self) -> str:
        entry = self.new or self.old or {}
        return entry.get("name", self.slug)

    @property
    def old_name(self) -> str:
        return (self.old or {}).get("name", "")

    @property
    def changed(self) -> bool:
        return bool(self.kinds)

    @property
    def labels(self) -> list[str]:
        return [
            f"Merged into {self.merged_into}" if kind == "merged" else KIND_LABELS[kind]
            for kind in self.kinds
        ]

    @property
    def meaning_changed(self) -> bool:
        """Whether excerpts coded under the old entry are coded under a meaning since changed."""
        if self.old is None or self.new is None:
            return True
        return self.old.get("state") != self.new.get("state") or any(
            self.old.get(name) != self.new.get(name) for name in MEANING
        )


def compare(old_entries: list[Entry], new_entries: list[Entry]) -> list[ThemeChange]:
    """Every theme of either version, in the newer one's order, with what changed."""
    old, new = by_slug(old_entries), by_slug(new_entries)
    names = {**{s: e["name"] for s, e in old.items()}, **{s: e["name"] for s, e in new.items()}}
    slugs = [*new, *(slug for slug in old if slug not in new)]
    return [_theme_change(slug, old.get(slug), new.get(slug), names) for slug in slugs]


def compare_entries(old: Entry | None, new: Entry | None, names: dict[str, str]) -> ThemeChange:
    """One theme's entries in two versions (``names``: slug → name, for parents)."""
    slug = (new or old or {}).get("slug", "")
    return _theme_change(slug, old, new, names)


def _theme_change(
    slug: str, old: Entry | None, new: Entry | None, names: dict[str, str]
) -> ThemeChange:
    change = ThemeChange(slug=slug, old=old, new=new)
    if old is None or new is None:
        change.kinds.append(ADDED if old is None else REMOVED)
        shown = new or old or {}
        change.fields = [
            _field(name, old, new, names) for name in FIELDS if field_text(shown, name, names)
        ]
        return change
    was, now = old.get("state"), new.get("state")
    if old.get("name") != new.get("name"):
        change.kinds.append("renamed")
    if was != now:
        if now == State.MERGED:
            change.kinds.append("merged")
            change.merged_into = names.get(new.get("merged_into") or "", "")
        elif now == State.RETIRED:
            change.kinds.append("retired")
        else:
            change.kinds.append("restored")
    edited = [name for name in FIELDS if name != "name" and old.get(name) != new.get(name)]
    if edited:
        change.kinds.append("changed")
    change.fields = [
        _field(name, old, new, names)
        for name in FIELDS
        if field_text(old, name, names) != field_text(new, name, names)
    ]
    return change


def _field(name: str, old: Entry | None, new: Entry | None, names: dict[str, str]) -> FieldChange:
    left, right = word_diff(field_text(old, name, names), field_text(new, name, names))
    return FieldChange(name=name, label=LABELS[name], old=left, new=right)


def changed_only(changes: list[ThemeChange]) -> list[ThemeChange]:
    return [c for c in changes if c.changed]
