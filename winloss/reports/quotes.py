"""The report's representative quotes: chosen by the analyst, anonymised as each respondent
allowed, and never shown at all for a respondent who said "do not quote me"."""

from dataclasses import dataclass

from winloss.deals.models import DecisionRole, Outcome
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
    picks = list(
        report.quotes.select_related(
            "excerpt__theme", "excerpt__competitor", "excerpt__interview__entry"
        )
    )
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


def quote_rows(report: Report) -> list[dict]:
    """The quotes as the published content holds them: only the quotable ones, already
    anonymised, so no later code path can show words the respondent withheld."""
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
        for q in chosen_quotes(report)
        if q.quotable
    ]
