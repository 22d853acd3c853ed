"""The codebook as files: CSV to edit in a spreadsheet and import back, REFI-QDA to hand to
QDA tools (NVivo, ATLAS.ti, MAXQDA read a ``.qdc`` codebook).

In the CSV, a cell holding a list (rules, examples, phrases) has one item per line; an example
line starts with its direction: ``loss_driver: The quote was thirty percent higher.``
"""

import csv
import io
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from django.db import transaction

from winloss.activity.services import log_action
from winloss.lib.errors import DomainError
from winloss.lib.spreadsheets import looks_like_formula, safe_cell

from ..models import Theme
from ..queries import codebook_for
from .services import add_entries, begin_draft, next_position, save_draft
from .snapshot import State, by_slug
from .theme import DIRECTIONS, SLUG

COLUMNS = ["slug", "name", "parent", "definition", "include", "exclude", "examples", "seed_phrases"]
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
SHORT_DIRECTIONS = {"w": "win_driver", "l": "loss_driver", "n": "neutral"}
MAX_BYTES = 2 * 1024 * 1024


class CodebookFileError(DomainError):
    """A file that cannot be imported; ``errors`` names each bad row."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def examples_text(examples: list[dict]) -> str:
    return "\n".join(f"{e['direction']}: {e['text']}" for e in examples)


def parse_examples(text: str) -> list[dict]:
    """``direction: text`` lines (or ``W:``/``L:``/``N:``) as example dicts; ValueError."""
    examples = []
    for line in lines(text):
        direction, _, rest = line.partition(":")
        direction = direction.strip().lower()
        direction = SHORT_DIRECTIONS.get(direction, direction)
        if direction not in DIRECTIONS or not rest.strip():
            raise ValueError(
                f"“{line[:60]}”: start each example with win_driver:, loss_driver: or neutral:"
            )
        examples.append({"text": rest.strip(), "direction": direction})
    return examples


def _active_themes(workspace) -> list[Theme]:
    return codebook_for(workspace)


def export_csv(workspace) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for theme in _active_themes(workspace):
        row = [
            theme.slug,
            theme.name,
            theme.parent.slug if theme.parent else "",
            theme.definition,
            "\n".join(theme.include),
            "\n".join(theme.exclude),
            examples_text(theme.examples),
            "\n".join(theme.seed_phrases),
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


@dataclass
class _Row:
    number: int
    slug: str
    fields: dict
    parent: str


def _unneutralised(cell: str) -> str:
    # Our own export puts an apostrophe before a formula-like start; take it off again.
    if cell.startswith("'") and looks_like_formula(cell[1:]):
        return cell[1:]
    return cell


def _read_rows(content: bytes) -> list[dict]:
    if len(content) > MAX_BYTES:
        raise CodebookFileError([f"The file is larger than {MAX_BYTES // 1024**2} MB."])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodebookFileError(["The file is not UTF-8 text: save it as CSV UTF-8."]) from None
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("slug", "name") if c not in headers]
    if missing:
        raise CodebookFileError(
            [f"The file has no {missing[0]} column: the columns are {', '.join(COLUMNS)}."]
        )
    reader.fieldnames = headers
    return [{k: _unneutralised((v or "").strip()) for k, v in row.items() if k} for row in reader]


def import_csv(*, workspace, user, content: bytes, file_name: str = "") -> dict[str, int]:
    """Create or update themes from a CSV; every row is checked first, and one bad row means
    nothing is written (the errors name the rows). The file is read before the transaction
    begins, so reading it never holds the database."""
    rows = _read_rows(content)
    return _import_rows(workspace=workspace, user=user, rows=rows, file_name=file_name)


@transaction.atomic
def _import_rows(*, workspace, user, rows: list[dict], file_name: str) -> dict[str, int]:
    existing = {t.slug: t for t in Theme.objects.filter(workspace=workspace)}
    errors: list[str] = []
    parsed: list[_Row] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        slug = row.get("slug", "")
        where = f"Row {number}"
        if not SLUG.match(slug):
            errors.append(f"{where}: “{slug}” is not a valid slug (lowercase letters, digits, _).")
            continue
        if slug in seen:
            errors.append(f"{where}: the slug “{slug}” appears twice in the file.")
            continue
        seen.add(slug)
        if not row.get("name"):
            errors.append(f"{where} ({slug}): the name is empty.")
            continue
        try:
            examples = parse_examples(row.get("examples", ""))
        except ValueError as error:
            errors.append(f"{where} ({slug}), examples: {error}")
            continue
        fields = {
            "name": row["name"],
            "definition": row.get("definition", ""),
            "include": lines(row.get("include", "")),
            "exclude": lines(row.get("exclude", "")),
            "examples": examples,
            "seed_phrases": lines(row.get("seed_phrases", "")),
        }
        parsed.append(_Row(number, slug, fields, row.get("parent", "")))
    known = set(existing) | seen
    for item in parsed:
        if item.parent and item.parent not in known:
            errors.append(
                f"Row {item.number} ({item.slug}): no theme “{item.parent}” to sit under."
            )
        if item.parent == item.slug:
            errors.append(f"Row {item.number} ({item.slug}): a theme cannot sit under itself.")
    if not rows:
        errors.append("The file has no rows.")
    if errors:
        raise CodebookFileError(errors)
    # Into the draft, like every change: coders see the file's wording once it is published.
    draft = begin_draft(workspace=workspace, user=user)
    entries = by_slug(draft.themes)
    created: list[Theme] = []
    position = next_position(workspace)
    for item in parsed:
        entry = entries.get(item.slug)
        if entry is None:
            theme = Theme(
                workspace=workspace,
                slug=item.slug,
                position=position,
                is_active=False,
                **item.fields,
            )
            theme.save()
            created.append(theme)
            position += 1
            continue
        if any(entry[name] != value for name, value in item.fields.items()) or (
            entry["state"] != State.ACTIVE
        ):
            entry.update(item.fields, state=State.ACTIVE, merged_into=None, rev=entry["rev"] + 1)
    add_entries(draft, created)
    entries = by_slug(draft.themes)
    for item in parsed:
        entry = entries[item.slug]
        parent = item.parent or None
        if entry["parent"] != parent:
            entry["parent"] = parent
            entry["rev"] += 1
    save_draft(draft)
    counts = {"created": len(created), "updated": len(parsed) - len(created)}
    log_action(
        workspace,
        "codebook.import_drafted",
        user=user,
        data={"file": file_name, "number": draft.number, **counts},
    )
    return counts


def export_qdc(workspace) -> bytes:
    """The codebook as a REFI-QDA codebook (QDA-XML codebook 1.0); sub-themes nest."""
    ET.register_namespace("", QDC_NAMESPACE)
    root = ET.Element(f"{{{QDC_NAMESPACE}}}CodeBook", {"origin": "winloss"})
    codes = ET.SubElement(root, f"{{{QDC_NAMESPACE}}}Codes")
    themes = _active_themes(workspace)
    children: dict[int | None, list[Theme]] = {}
    active = {t.pk for t in themes}
    for theme in themes:
        parent = theme.parent_id if theme.parent_id in active else None
        children.setdefault(parent, []).append(theme)

    def add(parent_element: ET.Element, theme: Theme) -> None:
        element = ET.SubElement(
            parent_element,
            f"{{{QDC_NAMESPACE}}}Code",
            {"guid": str(theme.guid), "name": theme.name, "isCodable": "true"},
        )
        ET.SubElement(element, f"{{{QDC_NAMESPACE}}}Description").text = theme_description(theme)
        for child in children.get(theme.pk, []):
            add(element, child)

    for theme in children.get(None, []):
        add(codes, theme)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def theme_description(theme: Theme) -> str:
    """A theme as a QDA tool shows a code's description: its definition, rules and examples."""
    parts = [theme.definition]
    if theme.include:
        parts.append("Include: " + " ".join(theme.include))
    if theme.exclude:
        parts.append("Exclude: " + " ".join(theme.exclude))
    if theme.examples:
        parts.append(
            "Examples: " + " ".join(f"“{e['text']}” ({e['direction']})" for e in theme.examples)
        )
    return "\n\n".join(p for p in parts if p)
