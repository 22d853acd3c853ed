"""The report's representative quotes: chosen by the analyst, anonymised as each respondent
allowed, and never shown at all for a respondent who said "do not quote me".

Only the buyer's own words become a quote: an excerpt of a verbatim-quote note, or of a
transcript turn spoken by the respondent. An interviewer's observed fact or interpretation is
never printed as something a buyer said (``kind_of`` names what an excerpt is)."""

from dataclasses import dataclass

from winloss.deals.models import DecisionRole, Outcome
from winloss.interviews.models import NoteKind, SpeakerRole
from winloss.outreach.models import Attribution

from .anonymise import Identity, identities, redact
from .models import Report, ReportQuote


@dataclass(frozen=True)
class Quote:
    pick: ReportQuote
    text: str | None  # None: the respondent may not be quoted
    source: str  # who said it, as far as their choice lets the report say

    @property
    def quotable(self) -> bool:
        return self.text is not None


BUYER_WORDS = "Buyer's words"


def kind_of(excerpt) -> str:
    """What the excerpt is: the buyer's words, or the interviewer's fact or interpretation
    (a transcript turn by anyone but the respondent is not the buyer's either)."""
    if excerpt.note_id:
        return passage_kind(excerpt.note.kind, None, None)
    turn = excerpt.transcript_turn
    return passage_kind(None, turn.speaker, turn.transcript.speaker_map)


def passage_kind(note_kind: str | None, speaker: str | None, speaker_map: dict | None) -> str:
    """``kind_of`` from plain values, for exports that read rows rather than models."""
    if note_kind:
        if note_kind == NoteKind.QUOTE:
            return BUYER_WORDS
        return f"{NoteKind(note_kind).label} (not the buyer's words)"
    if (speaker_map or {}).get(speaker) == SpeakerRole.RESPONDENT:
        return BUYER_WORDS
    return "Transcript, not the respondent speaking (not the buyer's words)"


def is_buyer_words(excerpt) -> bool:
    return kind_of(excerpt) == BUYER_WORDS


def source_of(role: str, outcome: str, identity: Identity) -> str:
    """ "Economic buyer (deal: lost to competitor)" — with the name and company only when the
    respondent allowed quotes to name them. ``role`` and ``outcome`` are the stored codes."""
    role = DecisionRole(role).label if role in DecisionRole.values else "Buyer"
    deal = f"deal: {Outcome(outcome).label.lower()}" if outcome in Outcome.values else "deal"
    if identity.attribution == Attribution.NAMED and identity.respondent:
        at = f" at {identity.company}" if identity.company else ""
        return f"{identity.respondent}, {role.lower()}{at} ({deal})"
    return f"{role} ({deal})"


def chosen_quotes(report: Report) -> list[Quote]:
    if report.pk is None:  # a draft nobody has written in yet quotes nothing
        return []
    picks = [
        pick
        for pick in report.quotes.select_related(
            "excerpt__theme",
            "excerpt__competitor",
            "excerpt__interview__entry",
            "excerpt__note",
            "excerpt__transcript_turn__transcript",
        )
        # A pick made before this rule, of words that are not the buyer's, is never a quote.
        if is_buyer_words(pick.excerpt)
    ]
    people = identities({p.excerpt.interview_id for p in picks})
    result = []
    for pick in picks:
        identity = people.get(pick.excerpt.interview_id, Identity(Attribution.NOT_QUOTABLE))
        result.append(
            Quote(
                pick,
                redact(pick.excerpt.text, identity, pick.terms()),
                source_of(
                    pick.excerpt.interview.respondent_role,
                    pick.excerpt.interview.entry.outcome,
                    identity,
                ),
            )
        )
    return result


def quote_rows(report: Report, chosen: list[Quote] | None = None) -> list[dict]:
    """The quotes as the published content holds them: only the quotable ones, already
    anonymised, so no later code path can show words the respondent withheld. ``chosen``:
    the report's ``chosen_quotes``, when the caller has them already."""
    return [
        {
            "theme": q.pick.excerpt.theme.slug,
            "theme_name": q.pick.excerpt.theme.name,
            "direction": q.pick.excerpt.direction,
            "direction_label": q.pick.excerpt.get_direction_display(),
            "competitor": q.pick.excerpt.competitor.name if q.pick.excerpt.competitor else "",
            "text": q.text,
            "source": q.source,
            "excerpt": q.pick.excerpt_id,
            "interview": q.pick.excerpt.interview_id,
        }
        for q in (chosen_quotes(report) if chosen is None else chosen)
        if q.quotable
    ]
