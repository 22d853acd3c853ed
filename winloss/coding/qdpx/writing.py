"""A program's validated interviews and their coded excerpts as a REFI-QDA project (``.qdpx``):
a ZIP of ``project.qde`` (QDA-XML project 1.0) and ``Sources/<guid>.txt``, one plain-text source
per interview laid out as ``layout`` says.

What goes in, for the program team (the roles that download the coded excerpts), with what the
excerpt export shows of the respondent and no more: the deal's CRM id, account and outcome, the
interview date, the respondent's role and what they allowed to be quoted, as variables of the
source; transcript speakers named by their role, never by name. The codebook's themes are the
codes (their GUIDs kept from one export to the next, as in the ``.qdc`` codebook); each coded
excerpt is a ``PlainTextSelection`` coded with its theme, its direction and competitor written
in the selection's description (no REFI-QDA element holds them). Sources, selections, codings
and users have GUIDs made from their ids, so exporting again gives the same file.
"""

import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from django.utils import timezone

from winloss.accounts.models import User
from winloss.deals.models import DecisionRole, Outcome
from winloss.interviews.models import (
    Interview,
    Note,
    NoteKind,
    SpeakerRole,
    Transcript,
    TranscriptTurn,
)
from winloss.interviews.queries import validated_interviews
from winloss.outreach.models import ConsentRecord
from winloss.programs.models import Program

from ..codebook.files import theme_description
from ..imported_interviews import PastNote, PastTurn
from ..models import CodedExcerpt, Direction, Theme
from ..passages import plain
from ..queries import codebook_for
from .layout import TRANSCRIPT, one_line, render

NAMESPACE = "urn:QDA-XML:project:1.0"
ORIGIN = "winloss"
# GUIDs of sources, selections, codings, users and variables are uuid5 of "<kind>:<id>" in
# this namespace: the same rows give the same GUIDs in every export.
GUIDS = uuid.UUID("6f1c5a0e-4b8e-5d0a-9d7e-2f4b1c3a9e11")
# (name, REFI-QDA type): what a source says about its interview.
VARIABLES = [
    ("Deal CRM id", "Text"),
    ("Account", "Text"),
    ("Outcome", "Text"),
    ("Interview date", "Date"),
    ("Respondent role", "Text"),
    ("Attribution", "Text"),
]
_VALUE_ELEMENT = {"Text": "TextValue", "Date": "DateValue"}
# Characters XML 1.0 cannot hold (control characters pasted into a note): left out of the XML,
# never out of a source's text, which is a file of its own.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# QualCoder saves each source as a document named after it: no path separators in a name.
_FILE_UNSAFE = re.compile(r'[/\\:*?"<>|]')
_EPOCH = (1980, 1, 1, 0, 0, 0)  # every member's time in the ZIP: the same rows, the same bytes


def guid(kind: str, pk: object) -> str:
    return str(uuid.uuid5(GUIDS, f"{kind}:{pk}"))


@dataclass(frozen=True)
class ProjectNote:
    """A REFI-QDA note (a memo): its words go in ``Sources/<guid>.txt``; ``about`` is the GUID
    of the code, source or selection it is attached to, or "" for the project as a whole."""

    guid: str
    name: str
    text: str
    created: dt.datetime
    author: User | None = None
    about: str = ""


def project_notes(program: Program) -> list[ProjectNote]:
    """The project's notes. The interview's own notes are already the text of its source (and
    coded there), so none are written twice; analyst memos on a theme, an interview, an
    excerpt or the program belong here, each ``about`` its theme's GUID, its interview's source
    GUID (``guid("source", interview.pk)``), its excerpt's selection GUID
    (``guid("selection", excerpt.pk)``) or "" for the program."""
    return []


@dataclass
class _Source:
    interview: Interview
    guid: str
    name: str
    text: str
    spans: dict[str, tuple[int, int]]  # passage key (``note-12``) -> its words' span
    values: dict[str, str]  # variable name -> value
    selections: list[tuple[CodedExcerpt, int, int]] = field(default_factory=list)


@dataclass
class Project:
    """What the export holds and what it left out, said in the project's description."""

    program: Program
    themes: list[Theme]
    sources: list[_Source]
    users: list[User]
    notes: list[ProjectNote]
    interviews_without_words: int = 0
    excerpts_left_out: int = 0


def export_project(program: Program) -> bytes:
    """The program as a ``.qdpx`` file."""
    return project_file(gather(program, notes=project_notes(program)))


def gather(program: Program, *, notes: list[ProjectNote]) -> Project:
    interviews = list(
        validated_interviews(program).select_related("entry__deal__account").order_by("pk")
    )
    passages = _passages(interviews)
    attribution = _attributions(interviews)
    sources: dict[int, _Source] = {}
    names: set[str] = set()
    without_words = 0
    for interview in interviews:
        keyed = passages.get(interview.pk, [])
        if not keyed:  # emptied by the retention purge, or nothing written yet
            without_words += 1
            continue
        text, spans = render([passage for _, passage in keyed])
        values = _values(interview, attribution.get(interview.pk, ""))
        name = _FILE_UNSAFE.sub(
            "-",
            f"{values['Deal CRM id']} · {values['Account'] or 'no account'} · "
            + (values["Respondent role"] or "Respondent"),
        )
        unique, number = name, 1
        while unique in names:
            number += 1
            unique = f"{name} ({number})"
        names.add(unique)
        sources[interview.pk] = _Source(
            interview=interview,
            guid=guid("source", interview.pk),
            name=unique,
            text=text,
            spans={key: span for (key, _), span in zip(keyed, spans, strict=True)},
            values=values,
        )
    left_out = _place_excerpts(program, sources)
    used = {e.theme_id for s in sources.values() for e, _, _ in s.selections}
    themes = codebook_for(program.workspace)
    themes += list(Theme.objects.filter(pk__in=used - {t.pk for t in themes}).order_by("pk"))
    coders = {e.coder_id for s in sources.values() for e, _, _ in s.selections if e.coder_id}
    return Project(
        program=program,
        themes=themes,
        sources=list(sources.values()),
        users=list(User.objects.filter(pk__in=coders).order_by("pk")),
        notes=notes,
        interviews_without_words=without_words,
        excerpts_left_out=left_out,
    )


_KIND_ORDER = {kind: number for number, kind in enumerate(NoteKind.values)}


def _passages(interviews: list[Interview]) -> dict[int, list[tuple[str, PastNote | PastTurn]]]:
    """Each interview's passages in the source's order, with their keys: its notes (by the
    guide's question order, general notes last; by kind), then its transcripts, the speakers
    named by their role."""
    ids = [i.pk for i in interviews]
    found: dict[int, list[tuple[str, PastNote | PastTurn]]] = {}
    notes = Note.objects.filter(interview__in=ids).exclude(text="").select_related("question")
    last = float("inf")
    for note in sorted(
        notes,
        key=lambda n: (
            n.question.position if n.question else last,
            n.question_id or 0,
            _KIND_ORDER.get(n.kind, 0),
        ),
    ):
        question = one_line(note.question.text) if note.question else ""
        passage = PastNote(kind=note.kind, text=plain(note.text), question=question)
        found.setdefault(note.interview_id, []).append((f"note-{note.pk}", passage))
    transcripts = Transcript.objects.filter(interview__in=ids).order_by("interview_id", "pk")
    turns: dict[int, list[TranscriptTurn]] = {}
    for turn in (
        TranscriptTurn.objects.filter(transcript__in=transcripts)
        .exclude(text="")
        .order_by("transcript_id", "position")
    ):
        turns.setdefault(turn.transcript_id, []).append(turn)
    numbers: dict[int, int] = {}
    for transcript in transcripts:
        said = turns.get(transcript.pk, [])
        if not said:
            continue
        numbers[transcript.interview_id] = number = numbers.get(transcript.interview_id, 0) + 1
        name = TRANSCRIPT if number == 1 else f"{TRANSCRIPT} {number}"
        labels = _speaker_labels(transcript, said)
        for turn in said:
            found.setdefault(transcript.interview_id, []).append(
                (f"turn-{turn.pk}", PastTurn(name, labels[turn.speaker], "", plain(turn.text)))
            )
    return found


def _speaker_labels(transcript: Transcript, turns: list[TranscriptTurn]) -> dict[str, str]:
    """Each speaker's name in the source: their role (``Respondent``), numbered when several
    share one; an unnamed speaker stays unnamed."""
    roles: dict[str, str] = {}
    for turn in turns:
        if turn.speaker and turn.speaker not in roles:
            role = transcript.speaker_map.get(turn.speaker, SpeakerRole.OTHER)
            roles[turn.speaker] = role if role in SpeakerRole.values else SpeakerRole.OTHER
    sharing: dict[str, list[str]] = {}
    for speaker, role in roles.items():
        sharing.setdefault(role, []).append(speaker)
    labels = {"": ""}
    for role, speakers in sharing.items():
        label = SpeakerRole(role).label
        for number, speaker in enumerate(speakers, start=1):
            labels[speaker] = label if len(speakers) == 1 else f"{label} {number}"
    return labels


def _attributions(interviews: list[Interview]) -> dict[int, str]:
    """What each respondent allowed to be quoted, by their latest consent."""
    appointments = {i.appointment_id: i.pk for i in interviews if i.appointment_id}
    latest: dict[int, str] = {}
    for appointment, attribution in (
        ConsentRecord.objects.filter(appointment__in=appointments)
        .order_by("given_at", "pk")
        .values_list("appointment_id", "attribution")
    ):
        latest[appointments[appointment]] = attribution
    return latest


def _values(interview: Interview, attribution: str) -> dict[str, str]:
    deal = interview.entry.deal
    held = interview.completed_at or interview.started_at
    role = interview.respondent_role
    return {
        "Deal CRM id": deal.crm_id,
        "Account": deal.account.name if deal.account else "",
        "Outcome": str(Outcome(deal.outcome).label) if deal.outcome in Outcome.values else "",
        "Interview date": timezone.localtime(held).date().isoformat() if held else "",
        "Respondent role": str(DecisionRole(role).label) if role in DecisionRole.values else "",
        "Attribution": attribution,
    }


def _place_excerpts(program: Program, sources: dict[int, _Source]) -> int:
    """Put each excerpt at its place in its source; the number left out because their words
    no longer match the interview's (anonymised by the retention purge)."""
    left_out = 0
    excerpts = (
        CodedExcerpt.objects.filter(program=program, interview__in=list(sources))
        .select_related("theme", "competitor", "coder")
        .order_by("interview_id", "start", "end", "pk")
    )
    for excerpt in excerpts:
        source = sources[excerpt.interview_id]
        span = source.spans.get(excerpt.passage_key)
        start = span[0] + excerpt.start if span else 0
        end = span[0] + excerpt.end if span else 0
        if span is None or end > span[1] or source.text[start:end] != excerpt.text:
            left_out += 1
            continue
        source.selections.append((excerpt, start, end))
    for source in sources.values():
        source.selections.sort(key=lambda s: (s[1], s[2], s[0].pk))
    left_out += (
        CodedExcerpt.objects.filter(program=program).exclude(interview__in=list(sources)).count()
    )
    return left_out


def selection_description(excerpt: CodedExcerpt) -> str:
    """What REFI-QDA has no element for: ``Direction: Loss driver``, then ``Competitor: Name``
    when one is named. ``reading`` reads these lines back."""
    lines = [f"Direction: {Direction(excerpt.direction).label}"]
    if excerpt.competitor is not None:
        lines.append(f"Competitor: {excerpt.competitor.name}")
    return "\n".join(lines)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, attributes: dict[str, str] | None = None) -> ET.Element:
    # Plain names under a root that declares the namespace as its default: ElementTree cannot
    # write namespaced elements with unqualified attributes under a default namespace.
    return ET.SubElement(parent, tag, attributes or {})


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = _sub(parent, tag)
    element.text = _xml_text(text)
    return element


def project_xml(project: Project) -> bytes:
    """``project.qde``: its elements in the order the schema's sequence gives them."""
    program = project.program
    root = ET.Element(
        "Project", {"xmlns": NAMESPACE, "name": _xml_text(program.name), "origin": ORIGIN}
    )
    about: dict[str, list[str]] = {}  # GUID -> the notes about it
    for note in project.notes:
        about.setdefault(note.about, []).append(note.guid)

    def note_refs(parent: ET.Element, target: str) -> None:
        for note_guid in about.get(target, []):
            _sub(parent, "NoteRef", {"targetGUID": note_guid})

    users = {user.pk: guid("user", user.pk) for user in project.users}
    if project.users:
        element = _sub(root, "Users")
        for user in project.users:
            _sub(
                element,
                "User",
                {"guid": users[user.pk], "name": _xml_text(user.name or user.email)},
            )
    _codebook(root, project.themes, note_refs)
    variables = {name: guid("variable", name) for name, _ in VARIABLES}
    if project.sources:
        element = _sub(root, "Variables")
        for name, kind in VARIABLES:
            _sub(
                element, "Variable", {"guid": variables[name], "name": name, "typeOfVariable": kind}
            )
        element = _sub(root, "Sources")
        for source in project.sources:
            _source(element, source, users, variables, note_refs)
    write_notes(root, project.notes, users)
    _text(root, "Description", _project_description(project))
    note_refs(root, "")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _codebook(root: ET.Element, themes: list[Theme], note_refs) -> None:
    if not themes:
        return
    included = {theme.pk for theme in themes}
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        parent = theme.parent_id if theme.parent_id in included else None
        children.setdefault(parent, []).append(theme)
    codes = _sub(_sub(root, "CodeBook"), "Codes")

    def add(parent: ET.Element, theme: Theme) -> None:
        code = _sub(parent, "Code", {"guid": str(theme.guid), "name": _xml_text(theme.name),
                                      "isCodable": "true"})  # fmt: skip
        description = theme_description(theme)
        if description:
            _text(code, "Description", description)
        note_refs(code, str(theme.guid))
        for child in children.get(theme.pk, []):
            add(code, child)

    for theme in children.get(None, []):
        add(codes, theme)


def _source(
    parent: ET.Element,
    source: _Source,
    users: dict[int, str],
    variables: dict[str, str],
    note_refs,
) -> None:
    interview = source.interview
    held = interview.completed_at or interview.started_at
    element = _sub(parent, "TextSource", {
        "guid": source.guid,
        "name": _xml_text(source.name),
        "plainTextPath": f"internal://{source.guid}.txt",
        **({"creationDateTime": _utc(held)} if held else {}),
    })  # fmt: skip
    deal = interview.entry.deal
    _text(element, "Description", f"Interview about {deal} ({source.values['Outcome'].lower()}).")
    for excerpt, start, end in source.selections:
        by = {"creatingUser": users[excerpt.coder_id]} if excerpt.coder_id in users else {}
        selection = _sub(element, "PlainTextSelection", {
            "guid": guid("selection", excerpt.pk),
            "name": _xml_text(excerpt.text),
            "startPosition": str(start),
            "endPosition": str(end),
            **by,
            "creationDateTime": _utc(excerpt.created),
        })  # fmt: skip
        _text(selection, "Description", selection_description(excerpt))
        coding = _sub(selection, "Coding", {"guid": guid("coding", excerpt.pk), **by,
                                            "creationDateTime": _utc(excerpt.created)})  # fmt: skip
        _sub(coding, "CodeRef", {"targetGUID": str(excerpt.theme.guid)})
        note_refs(selection, guid("selection", excerpt.pk))
    note_refs(element, source.guid)
    for name, kind in VARIABLES:
        value = source.values[name]
        if not value:
            continue
        variable = _sub(element, "VariableValue")
        _sub(variable, "VariableRef", {"targetGUID": variables[name]})
        _text(variable, _VALUE_ELEMENT[kind], value)


def write_notes(root: ET.Element, notes: list[ProjectNote], users: dict[int, str]) -> None:
    """The project's ``Notes``: each note's words are ``Sources/<guid>.txt`` (QualCoder reads
    a note's ``plainTextPath`` as a journal, and needs its ``creationDateTime``)."""
    if not notes:
        return  # the schema wants at least one Note inside Notes
    element = _sub(root, "Notes")
    for note in notes:
        author = users.get(note.author.pk) if note.author else None
        _sub(element, "Note", {
            "guid": note.guid,
            "name": _xml_text(note.name),
            "plainTextPath": f"internal://{note.guid}.txt",
            **({"creatingUser": author} if author else {}),
            "creationDateTime": _utc(note.created),
        })  # fmt: skip


def _project_description(project: Project) -> str:
    lines = [
        f"The validated interviews of the win-loss program “{project.program.name}”, exported "
        "from winloss. Each source is one interview: its notes, then its transcripts, each "
        "under a heading in square brackets. Each coded selection is one coded excerpt; its "
        "description gives the direction (win driver, loss driver or neutral) and the "
        "competitor it names."
    ]
    if project.interviews_without_words:
        lines.append(
            f"{project.interviews_without_words} validated interviews have no words left "
            "(emptied by the retention policy) and are not included."
        )
    if project.excerpts_left_out:
        lines.append(
            f"{project.excerpts_left_out} coded excerpts are not included: their interview's "
            "words are gone or no longer match them."
        )
    return "\n\n".join(lines)


def project_file(project: Project) -> bytes:
    """The ``.qdpx``: ``project.qde`` first, then each source's and note's text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def put(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        put("project.qde", project_xml(project))
        for source in project.sources:
            put(f"Sources/{source.guid}.txt", source.text.encode("utf-8"))
        for note in project.notes:
            put(f"Sources/{note.guid}.txt", plain(note.text).encode("utf-8"))
    return buffer.getvalue()
