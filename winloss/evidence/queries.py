"""The evidence library's reads: which coded excerpts anyone may find, the filters (all in SQL),
and each found excerpt anonymised exactly as the report would quote it.

What the library holds: excerpts of validated interviews (completed and signed off, as analysis
counts them) whose respondent allowed quoting — "named" or "anonymous" on their latest consent;
a respondent who said "do not quote me", or gave no consent, never appears. Excerpts keep their
theme whatever became of it: a retired theme's old codes stay under it, as analysis reads them,
and a merge has already moved its codes to the theme it merged into.

Who sees what: the program team (``Cap.VIEW_EVIDENCE``) finds every such excerpt, labelled with
what it is (the buyer's words, or the interviewer's fact or interpretation), and opens its deal
and interview. Anyone else in the workspace (stakeholders) sees what a published report could
show them: the buyer's own words only, of programs with a published report, and no links."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Exists, Func, OuterRef, Q, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from winloss.accounts.models import Workspace
from winloss.coding.models import CodedExcerpt
from winloss.interviews.models import Interview, NoteKind, SpeakerRole
from winloss.interviews.queries import VALIDATED
from winloss.outreach.models import Attribution, ConsentRecord
from winloss.programs.models import Program
from winloss.reports.anonymise import Identity, identities, redact
from winloss.reports.quotes import BUYER_WORDS, kind_of, source_of

from .fulltext import matching

PAGE_SIZE = 25
QUOTABLE = (Attribution.NAMED, Attribution.ANONYMOUS)


@dataclass(frozen=True)
class Filters:
    """A search: the words and every filter, each empty when not used."""

    q: str = ""
    theme: str = ""  # slug
    direction: str = ""
    outcome: str = ""
    competitor: int | None = None
    segment: str = ""
    region: str = ""
    role: str = ""  # the respondent's role in the decision
    program: int | None = None  # any wave of a program: finds in all of its waves
    wave: int | None = None  # one wave (one program record)
    since: dt.date | None = None  # interview completed on or after
    until: dt.date | None = None


class SpeakerRoleOf(Func):
    """The role a transcript's speaker map gives a turn's speaker (a JSON key read with a
    column's value, which the ORM's key lookups cannot say)."""

    output_field = CharField()

    def as_sql(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        roles, roles_params = compiler.compile(self.source_expressions[0])
        speaker, speaker_params = compiler.compile(self.source_expressions[1])
        params = [*roles_params, *speaker_params]
        if connection.vendor == "postgresql":
            return f"({roles} ->> {speaker})", params
        return f"(SELECT value FROM json_each({roles}) WHERE key = {speaker})", params


def quotable_interviews(workspace: Workspace) -> QuerySet[Interview]:
    """Validated interviews whose respondent's latest consent allows quoting: one that allows
    it with none given after it (latest by time, then id, as ``anonymise.identities`` reads).
    Said as EXISTS and NOT EXISTS, which both databases plan as (anti-)joins with sound row
    estimates; a "latest value" subquery per interview misleads PostgreSQL's planner."""
    later = ConsentRecord.objects.filter(
        Q(given_at__gt=OuterRef("given_at"))
        | Q(given_at=OuterRef("given_at"), pk__gt=OuterRef("pk")),
        appointment=OuterRef("appointment"),
    )
    allowed = ConsentRecord.objects.filter(
        appointment=OuterRef("appointment"), attribution__in=QUOTABLE
    ).filter(~Exists(later))
    return Interview.objects.filter(VALIDATED, Exists(allowed), workspace=workspace)


def library(workspace: Workspace, *, evidence: bool) -> QuerySet[CodedExcerpt]:
    """Every excerpt the library may show; ``evidence``: the viewer may see the program's
    evidence before publication (``Cap.VIEW_EVIDENCE``)."""
    excerpts = CodedExcerpt.objects.filter(
        workspace=workspace, interview__in=quotable_interviews(workspace).values("pk")
    )
    if evidence:
        return excerpts
    published = Program.objects.filter(workspace=workspace, report__versions__isnull=False)
    return buyer_words(excerpts).filter(program__in=published.values("pk"))


def buyer_words(excerpts: QuerySet[CodedExcerpt]) -> QuerySet[CodedExcerpt]:
    """Only the buyer's own words (``quotes.kind_of``, said in SQL): a verbatim-quote note or
    a transcript turn the respondent spoke — never the interviewer's fact or interpretation."""
    return excerpts.alias(
        speaker_role=SpeakerRoleOf(
            "transcript_turn__transcript__speaker_map", "transcript_turn__speaker"
        )
    ).filter(Q(note__kind=NoteKind.QUOTE) | Q(speaker_role=SpeakerRole.RESPONDENT))


def series(workspace: Workspace) -> dict[int, list[int]]:
    """Each program's id → the ids of every wave of the same recurring program, itself
    included (a one-off program is a series of one). One query."""
    previous = dict(
        Program.objects.filter(workspace=workspace).values_list("pk", "previous_wave_id")
    )

    def first(pk: int) -> int:
        seen = {pk}
        while (earlier := previous.get(pk)) is not None and earlier not in seen:
            seen.add(earlier)
            pk = earlier
        return pk

    roots: dict[int, list[int]] = {}
    for pk in previous:
        roots.setdefault(first(pk), []).append(pk)
    return {pk: sorted(members) for members in roots.values() for pk in members}


def filtered(
    excerpts: QuerySet[CodedExcerpt], filters: Filters, waves: dict[int, list[int]]
) -> QuerySet[CodedExcerpt]:
    """``excerpts`` narrowed by every filter set, newest first; ``waves`` is ``series()``."""
    f = filters
    excerpts = matching(excerpts, f.q)
    conditions: dict[str, Any] = {
        "theme__slug": f.theme,
        "direction": f.direction,
        "interview__entry__outcome": f.outcome,
        "interview__entry__segment": f.segment,
        "interview__entry__deal__region": f.region,
        "interview__respondent_role": f.role,
        "program_id": f.wave,
        "program_id__in": waves.get(f.program, [0]) if f.program else None,
        "interview__completed_at__date__gte": f.since,
        "interview__completed_at__date__lte": f.until,
    }
    excerpts = excerpts.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})
    if f.competitor:
        # The competitor the words name; words naming none are about the deal's rival.
        excerpts = excerpts.filter(
            Q(competitor_id=f.competitor)
            | Q(competitor__isnull=True, interview__entry__deal__primary_competitor=f.competitor)
        )
    # Newest first by id, the order excerpts were coded in: the database then walks the
    # matches from the newest down and stops at a page, where a sort by date reads them all.
    return excerpts.order_by("-pk")


def search(workspace: Workspace, filters: Filters, *, evidence: bool) -> QuerySet[CodedExcerpt]:
    return filtered(library(workspace, evidence=evidence), filters, series(workspace))


@dataclass(frozen=True)
class Found:
    """One excerpt as the library shows it: its words as the report would quote them."""

    excerpt: CodedExcerpt
    text: str
    source: str  # who said it, as far as their consent lets us say
    kind: str  # the buyer's words, or what else it is
    wave: int = 1  # its program's place among that program's waves

    @property
    def buyer_words(self) -> bool:
        return self.kind == BUYER_WORDS

    def as_dict(self) -> dict[str, Any]:
        e = self.excerpt
        entry, deal = e.interview.entry, e.interview.entry.deal
        competitor = e.competitor or deal.primary_competitor
        done = e.interview.completed_at
        return {
            "text": self.text,
            "theme": e.theme.slug,
            "theme_name": e.theme.name,
            "direction": e.direction,
            "outcome": entry.outcome,
            "program": e.program.name,
            "wave": self.wave,
            "date": done.date().isoformat() if done else None,
            "role": e.interview.respondent_role,
            "competitor": competitor.name if competitor else "",
            "segment": entry.segment,
            "region": deal.region,
            "source": self.source,
            "kind": self.kind,
        }


RELATED = (
    "theme",
    "competitor",
    "program",
    "note",
    "transcript_turn__transcript",
    "interview__entry__deal__primary_competitor",
)


def in_order(ids: list[int]) -> list[CodedExcerpt]:
    """The excerpts of ``ids`` (a page of a search) with everything ``shown`` reads, in that
    order. A page is found first as bare ids — the sort and the limit touch the excerpts'
    table alone — and only its rows are joined to their interviews, deals and themes."""
    rows = CodedExcerpt.objects.filter(pk__in=ids).select_related(*RELATED).in_bulk()
    return [rows[pk] for pk in ids if pk in rows]


def shown(excerpts: Any, waves: dict[int, list[int]] | None = None) -> list[Found]:
    """The page's excerpts anonymised as each respondent allowed, in a fixed number of
    queries; ``excerpts`` already selects ``RELATED``. One whose respondent may not be quoted
    is left out (the library's SQL already keeps them away: this is the second lock)."""
    rows = list(excerpts)
    people = identities({e.interview_id for e in rows})
    found = []
    for e in rows:
        identity = people.get(e.interview_id, Identity(Attribution.NOT_QUOTABLE))
        text = redact(e.text, identity)
        if text is None:
            continue
        source = source_of(e.interview.respondent_role, e.interview.entry.outcome, identity)
        wave = (waves or {}).get(e.program_id, [e.program_id]).index(e.program_id) + 1
        found.append(Found(e, text, source, kind_of(e), wave))
    return found
