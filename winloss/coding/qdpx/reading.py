"""A REFI-QDA project (``.qdpx``) read back into a program: each text source laid out as
``layout`` says becomes a validated interview with its notes and transcript turns, each coded
selection a coded excerpt of the passage it lies in, through the engine that imports a
spreadsheet of past interviews (``coding.imported_interviews``).

Codes are matched to the codebook by GUID, then by name or slug; a source's deal, date, role and
attribution come from its variables; a selection's direction and competitor from the lines of
its description (``writing.selection_description``). The file is read and every problem found
before anything is written; with any problem nothing is, and the error names each one — the
source, the selection by its words and positions, the code.
"""

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree as ET

from winloss.accounts.models import User, Workspace
from winloss.deals.imports.values import parse_date
from winloss.deals.models import Competitor, Deal
from winloss.deals.queries import competitor_named
from winloss.lib.archives import ArchiveRefused, check_archive
from winloss.lib.errors import DomainError, ImportFailed
from winloss.outreach.models import Attribution

from ..imported_interviews import (
    PastCode,
    PastImportResult,
    PastInterview,
    attribution_named,
    direction_named,
    role_named,
    write_past_interviews,
)
from ..models import Theme
from .layout import LayoutError, parse, render
from .writing import NAMESPACE

MAX_MB = 50  # a project of a few hundred interviews' text weighs a few MB
MAX_UNPACKED = 250 * 1024 * 1024
SHOWN_PROBLEMS = 20
_OTHER_SOURCES = {
    "PictureSource": "a picture",
    "PDFSource": "a PDF",
    "AudioSource": "an audio recording",
    "VideoSource": "a video",
}


class ProjectImportFailed(ImportFailed):
    """The project cannot be imported; ``problems`` says each reason, the message the first
    ones."""

    def __init__(self, file_name: str, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:SHOWN_PROBLEMS])
        more = len(problems) - SHOWN_PROBLEMS
        super().__init__(
            f"Nothing imported from {file_name}: {len(problems)} "
            f"{'problem' if len(problems) == 1 else 'problems'}.\n{shown}"
            + (f"\n… and {more} more." if more > 0 else "")
        )


@dataclass
class ProjectImported(PastImportResult):
    merged: int = 0  # selections that repeated a code on the same words

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "merged": self.merged}

    def summary(self) -> str:
        if not self.merged:
            return super().summary()
        kept = f" ({self.merged} selections repeated a code on the same words and were kept once)"
        return super().summary().removesuffix(".") + kept + "."


def import_project(
    *,
    workspace: Workspace,
    source: str | Path | IO[bytes],
    program_name: str,
    file_name: str,
    user: User | None = None,
    actor: str = "",
    dry_run: bool = False,
) -> ProjectImported:
    """Import the project into the program named ``program_name`` (made when there is none).
    All or nothing: ``ProjectImportFailed`` names every problem; ``dry_run`` checks and counts
    and saves nothing."""
    if not program_name.strip():
        raise ImportFailed("Name the program to import into.")
    reader = _Reader(workspace, file_name)
    interviews = reader.read(_archive(source, file_name))
    if reader.problems:
        raise ProjectImportFailed(file_name, reader.problems)
    written = write_past_interviews(
        workspace=workspace,
        program_name=program_name,
        interviews=interviews,
        file_name=file_name,
        user=user,
        actor=actor,
        dry_run=dry_run,
    )
    if written.problems:
        raise ProjectImportFailed(
            file_name, [f"Source “{name}”: {message}" for name, message in written.problems]
        )
    return ProjectImported(
        program=written.program,
        created_program=written.created_program,
        interviews=written.interviews,
        excerpts=written.excerpts,
        dry_run=dry_run,
        merged=reader.merged,
    )


def _archive(source: str | Path | IO[bytes], file_name: str) -> zipfile.ZipFile:
    """The project's ZIP, checked for size before anything in it is read."""
    not_project = f"{file_name} is not a REFI-QDA project (.qdpx)"
    try:
        handle: IO[bytes] = open(source, "rb") if isinstance(source, str | Path) else source  # noqa: SIM115
    except OSError as error:
        raise ImportFailed(f"Cannot read {file_name}: {error.strerror or error}.") from None
    handle.seek(0, 2)
    if handle.tell() > MAX_MB * 1024 * 1024:
        raise ImportFailed(f"{file_name} is larger than {MAX_MB} MB.")
    handle.seek(0)
    if not zipfile.is_zipfile(handle):
        raise ImportFailed(f"{not_project}: it is not a ZIP file.")
    try:
        check_archive(handle, max_unpacked=MAX_UNPACKED)
        return zipfile.ZipFile(handle)
    except ArchiveRefused as error:
        raise ImportFailed(f"{not_project}: {error}.") from None
    except zipfile.BadZipFile:
        raise ImportFailed(f"{not_project}: it is not a ZIP file.") from None


def _guid(value: str | None) -> str:
    """A GUID as winloss writes it: the schema also allows capitals and braces."""
    return (value or "").strip().strip("{}").lower()


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


class _Reader:
    """Reads the project into interviews, collecting every problem on the way."""

    def __init__(self, workspace: Workspace, file_name: str) -> None:
        self.workspace = workspace
        self.file_name = file_name
        self.problems: list[str] = []
        self.merged = 0
        self._themes: dict[str, Theme | None] = {}  # code GUID -> theme (None: not known)
        self._competitors: dict[str, Competitor | None] = {}

    def read(self, archive: zipfile.ZipFile) -> list[PastInterview]:
        with archive:
            root = self._root(archive)
            codes = self._codes(root)
            variables = {
                _guid(v.get("guid")): v.get("name", "") for v in root.iter(_tag("Variable"))
            }
            sources = root.find(_tag("Sources"))
            if sources is None or not len(sources):
                raise ImportFailed(
                    f"{self.file_name} holds no sources: there is nothing to import."
                )
            interviews = []
            for element in sources:
                local = element.tag.removeprefix(f"{{{NAMESPACE}}}")
                name = element.get("name") or element.get("guid") or "(unnamed)"
                if local != "TextSource":
                    what = _OTHER_SOURCES.get(local, "not a text")
                    self.problems.append(
                        f"Source “{name}” is {what} source: winloss imports text sources only."
                    )
                    continue
                past = self._source(archive, element, name, codes, variables)
                if past is not None:
                    interviews.append(past)
        return interviews

    def _root(self, archive: zipfile.ZipFile) -> ET.Element:
        not_project = f"{self.file_name} is not a REFI-QDA project (.qdpx)"
        names = [n for n in archive.namelist() if n.lower().endswith(".qde") and "/" not in n]
        name = "project.qde" if "project.qde" in names else (names[0] if len(names) == 1 else "")
        if not name:
            raise ImportFailed(f"{not_project}: it has no project.qde.")
        data = archive.read(name)
        # A document type can declare entities that expand to gigabytes; the standard needs none.
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise ImportFailed(
                f"{name} declares a document type, which a REFI-QDA project has not."
            )
        try:
            root = ET.fromstring(data)
        except ET.ParseError as error:
            raise ImportFailed(f"{name} is not well-formed XML ({error}).") from None
        if root.tag != _tag("Project"):
            raise ImportFailed(
                f"{not_project}: its project.qde is not a QDA-XML project ({NAMESPACE})."
            )
        return root

    def _codes(self, root: ET.Element) -> dict[str, str]:
        """The file's codes, GUID -> name, matched to the codebook (``self._themes``)."""
        codes = {_guid(code.get("guid")): code.get("name", "") for code in root.iter(_tag("Code"))}
        themes = list(Theme.objects.filter(workspace=self.workspace))
        by_guid = {str(t.guid): t for t in themes}
        by_name: dict[str, Theme] = {}
        for theme in themes:
            if theme.is_active:
                by_name.setdefault(theme.name.casefold(), theme)
                by_name.setdefault(theme.slug, theme)
        for code_guid, name in codes.items():
            found = by_guid.get(code_guid)
            if found is None or not found.is_active:
                found = by_name.get(name.strip().casefold()) or found
            self._themes[code_guid] = found
        return codes

    def _source(
        self,
        archive: zipfile.ZipFile,
        element: ET.Element,
        name: str,
        codes: dict[str, str],
        variables: dict[str, str],
    ) -> PastInterview | None:
        before = len(self.problems)

        def problem(message: str) -> None:
            self.problems.append(f"Source “{name}”: {message}")

        text = self._text(archive, element, problem)
        values = self._values(element, variables)
        deal = self._deal(values.get("deal crm id", ""), problem)
        date = None
        try:
            date = parse_date(values.get("interview date", ""))
            if date is None:
                problem("give the interview's date in its Interview date variable.")
        except DomainError as error:
            problem(f"Interview date: {error}")
        role = role_named(values["respondent role"]) if values.get("respondent role") else ""
        if role is None:
            problem(f"the respondent role “{values['respondent role']}” is not one winloss knows.")
        attribution: str = Attribution.NOT_QUOTABLE  # the safe reading when the file says nothing
        if values.get("attribution"):
            attribution = attribution_named(values["attribution"]) or ""
            if not attribution:
                problem("the Attribution variable must be named, anonymous or not quotable.")
        if element.find(_tag("Coding")) is not None:
            problem("it is coded as a whole; winloss codes passages, so code selections of it.")
        if text is None:
            return None
        try:
            passages = parse(text)
        except LayoutError as error:
            problem(f"{error}.")
            return None
        spans = render(passages)[1]
        codes_of = list(self._selections(element, text, spans, codes, problem))
        if len(self.problems) > before:
            return None
        assert deal is not None and date is not None and role is not None  # else a problem
        unique = {(c.passage, c.start, c.end, c.theme.pk): c for c in codes_of}
        self.merged += len(codes_of) - len(unique)
        return PastInterview(
            ref=name,
            deal=deal,
            date=date,
            attribution=attribution,
            passages=passages,
            codes=list(unique.values()),
            role=role,
        )

    def _text(self, archive: zipfile.ZipFile, element: ET.Element, problem) -> str | None:
        path = element.get("plainTextPath")
        content = element.find(_tag("PlainTextContent"))
        if path is None:
            if content is None:
                problem("it has no plain text (no plainTextPath, no PlainTextContent).")
                return None
            return (content.text or "").replace("\r\n", "\n")
        if not path.startswith("internal://"):
            problem(f"its text is a file outside the project ({path}); export it inside.")
            return None
        member = path.removeprefix("internal://")
        for folder in ("Sources", "sources"):
            try:
                data = archive.read(f"{folder}/{member}")
                break
            except KeyError:
                continue
        else:
            problem(f"its text file Sources/{member} is not in the project.")
            return None
        try:
            # Line ends count as one character, as QDA tools count them.
            return data.decode("utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError:
            problem(f"its text file Sources/{member} is not UTF-8 text.")
            return None

    def _values(self, element: ET.Element, variables: dict[str, str]) -> dict[str, str]:
        """The source's variables, by lower-case name."""
        values = {}
        for value in element.findall(_tag("VariableValue")):
            ref = value.find(_tag("VariableRef"))
            name = variables.get(_guid(ref.get("targetGUID")), "") if ref is not None else ""
            given = [child.text or "" for child in value if child.tag != _tag("VariableRef")]
            if name and given:
                values[name.strip().casefold()] = given[0].strip()
        return values

    def _deal(self, crm_id: str, problem) -> Deal | None:
        if not crm_id:
            problem("it has no Deal CRM id variable: winloss needs the deal it is about.")
            return None
        deal = Deal.objects.filter(workspace=self.workspace, crm_id=crm_id).first()
        if deal is None:
            problem(f"no deal of this workspace has the CRM id {crm_id}; import the deal first.")
        return deal

    def _selections(
        self,
        element: ET.Element,
        text: str,
        spans: list[tuple[int, int]],
        codes: dict[str, str],
        problem,
    ) -> Iterator[PastCode]:
        for selection in element.findall(_tag("PlainTextSelection")):
            codings = selection.findall(_tag("Coding"))
            if not codings:
                continue  # an annotation, not a code
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                problem(f"a selection ({selection.get('guid')}) has no whole-number positions.")
                continue
            words = text[max(start, 0) : end]
            where = f"the selection “{_short(words)}” (characters {start}–{end})"
            if not 0 <= start < end <= len(text):
                problem(f"{where} is outside the source's {len(text)} characters.")
                continue
            passage = next((i for i, (a, b) in enumerate(spans) if a <= start and end <= b), None)
            if passage is None:
                problem(
                    f"{where} runs across two passages or into a heading; winloss codes words "
                    "inside one note or one turn."
                )
                continue
            if not words.strip():
                problem(f"{where} holds no words, only spaces.")
                continue
            direction, competitor = self._description(selection, where, problem)
            for coding in codings:
                ref = coding.find(_tag("CodeRef"))
                code_guid = _guid(ref.get("targetGUID")) if ref is not None else ""
                theme = self._themes.get(code_guid)
                if theme is None or not theme.is_active:
                    self._unknown_code(code_guid, codes, theme)
                    continue
                if direction is None:
                    continue
                offset = spans[passage][0]
                yield PastCode(passage, start - offset, end - offset, theme, direction, competitor)

    def _unknown_code(self, code_guid: str, codes: dict[str, str], theme: Theme | None) -> None:
        name = codes.get(code_guid)
        if name is None:
            message = (
                f"A coding refers to the code {code_guid or '(none)'}, which the project's "
                "codebook does not hold."
            )
        elif theme is not None:
            message = (
                f"The code “{name}” is the theme {theme.name}, which is retired from the "
                "codebook; bring it back or code with the theme it was merged into."
            )
        else:
            message = (
                f"The code “{name}” is not in the codebook: add a theme of that name (or "
                "import the codebook first), then import the project again."
            )
        if message not in self.problems:
            self.problems.append(message)

    def _description(
        self, selection: ET.Element, where: str, problem
    ) -> tuple[str | None, Competitor | None]:
        """The direction and competitor the selection's description gives."""
        described = selection.find(_tag("Description"))
        lines = {}
        text = (described.text or "") if described is not None else ""
        for line in text.splitlines():
            label, _, value = line.partition(":")
            lines[label.strip().casefold()] = value.strip()
        direction = direction_named(lines.get("direction", ""))
        if direction is None:
            problem(
                f"{where} gives no direction: its description (the coding memo) needs a line "
                "“Direction: win driver”, “Direction: loss driver” or “Direction: neutral”."
            )
        competitor = None
        if lines.get("competitor"):
            key = lines["competitor"].casefold()
            if key not in self._competitors:
                self._competitors[key] = competitor_named(self.workspace, lines["competitor"])
            competitor = self._competitors[key]
            if competitor is None:
                problem(f"{where} names the competitor “{lines['competitor']}”, not one of "
                        "this workspace's.")  # fmt: skip
        return direction, competitor


def _short(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= 50 else words[:49] + "…"
