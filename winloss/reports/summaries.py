"""One interview's summary, built from its own record once a reviewer has validated it: the
decision criteria the buyer raised, the main reasons with the buyer's words behind them, the
competitors named, and the rep's view beside the buyer's. For the stakeholder and the deal's
account team, so quotes follow the same consent rules as the report's (``quotes.py``)."""

from collections import Counter
from dataclasses import dataclass

from winloss.analysis.models import ExpectedCriterion
from winloss.coding.codebook import DEFAULT_CODEBOOK
from winloss.coding.models import CodedExcerpt, Direction, Theme
from winloss.deals.models import Outcome
from winloss.interviews.models import Interview, RepDebrief
from winloss.lib.taxonomy import SOP_THEMES
from winloss.outreach.models import Attribution

from .anonymise import Identity, identities, redact
from .quotes import is_buyer_words, source_of

MAIN_REASONS = 3  # a summary names the few themes that decided the deal, not every one
QUOTES_PER_REASON = 2
DIRECTIONS = (Direction.WIN_DRIVER, Direction.LOSS_DRIVER, Direction.NEUTRAL)


@dataclass(frozen=True)
class _Count:
    theme: Theme
    direction: str
    excerpts: int


def deciding_direction(outcome: str) -> Direction:
    """Win drivers decided a won deal; loss drivers any other (as the perception gap reads)."""
    return Direction.WIN_DRIVER if outcome == Outcome.WON else Direction.LOSS_DRIVER


def _counts(excerpts: list[CodedExcerpt]) -> list[_Count]:
    """Excerpts per (theme, direction), most first; ties in codebook order."""
    counts = Counter((e.theme_id, e.direction) for e in excerpts)
    themes = {e.theme_id: e.theme for e in excerpts}
    rows = [_Count(themes[t], d, n) for (t, d), n in counts.items()]
    return sorted(rows, key=lambda r: (-r.excerpts, r.theme.position, r.theme.pk))


def _quotes(excerpts: list[CodedExcerpt], identity: Identity) -> list[str]:
    """Up to two of the buyer's own words for a reason, anonymised as they allowed."""
    found = []
    for excerpt in excerpts:
        if not is_buyer_words(excerpt):
            continue
        text = redact(excerpt.text, identity)
        if text and text not in found:
            found.append(text)
        if len(found) == QUOTES_PER_REASON:
            break
    return found


def _rep_theme(debrief: RepDebrief | None, crm_reason: str) -> tuple[str, str]:
    """The rep's reason as a theme (slug, how it was read): the debrief's, else the CRM's
    free text read with the codebook, as the perception gap reads it."""
    if debrief is not None:
        return debrief.main_reason, "debrief"
    if not crm_reason.strip():
        return "", ""
    from winloss.coding.suggest import suggest

    (found,) = suggest([crm_reason.strip()], DEFAULT_CODEBOOK, top=1)
    return (found[0].theme, "crm") if found else ("", "crm")


def interview_summary(interview: Interview, *, rep_view: bool = True, team: bool = False) -> dict:
    """The summary of one interview. ``rep_view`` False leaves out the rep's account (an
    interviewer before every voice of the deal is heard); ``team`` adds what only the program
    team may read: the deal's name and the rep's CRM wording (which may name the buyer)."""
    entry = interview.entry
    deal = entry.deal
    identity = identities([interview.pk]).get(interview.pk, Identity(Attribution.NOT_QUOTABLE))
    excerpts = list(
        CodedExcerpt.objects.filter(interview=interview)
        .select_related("theme", "competitor", "note", "transcript_turn__transcript")
        .order_by("created", "pk")
    )
    expected = set(
        ExpectedCriterion.objects.filter(program_id=interview.program_id).values_list(
            "theme_id", flat=True
        )
    )
    counts = _counts(excerpts)
    criteria = [
        {
            "direction": direction.value,
            "label": direction.label,
            "themes": [
                {
                    "theme": c.theme.slug,
                    "name": c.theme.name,
                    "count": c.excerpts,
                    "expected": c.theme.pk in expected,
                }
                for c in counts
                if c.direction == direction
            ],
        }
        for direction in DIRECTIONS
    ]
    raised = {c.theme.pk for c in counts}
    deciding = deciding_direction(entry.outcome)
    reasons = [
        {
            "theme": c.theme.slug,
            "name": c.theme.name,
            "count": c.excerpts,
            "quotes": _quotes(
                [e for e in excerpts if e.theme_id == c.theme.pk and e.direction == deciding],
                identity,
            ),
        }
        for c in counts
        if c.direction == deciding
    ][:MAIN_REASONS]
    competitors = sorted({e.competitor.name for e in excerpts if e.competitor})
    buyer = reasons[0] if reasons else None
    rep = None
    if rep_view:
        debrief = RepDebrief.objects.filter(entry=entry).select_related("competitor").first()
        theme, read_from = _rep_theme(debrief, deal.rep_stated_reason)
        if read_from:
            rep = {
                "theme": theme,
                "name": SOP_THEMES.get(theme, theme),
                "from": read_from,
                "crm_text": deal.rep_stated_reason.strip() if team else "",
                "competitor": debrief.competitor.name if debrief and debrief.competitor else "",
                "agrees": bool(buyer and theme and theme == buyer["theme"]),
                "compared": bool(buyer and theme),
            }
    return {
        "interview": interview.pk,
        "deal": deal.name if team else "",
        "source": source_of(interview.respondent_role, entry.outcome, identity),
        "outcome": entry.get_outcome_display(),
        "deciding": deciding.label,
        "quotable": identity.quotable,
        "criteria": criteria,
        "expected_not_raised": [
            t.name for t in Theme.objects.filter(pk__in=expected - raised).order_by("position")
        ]
        if expected - raised
        else [],
        "reasons": reasons,
        "buyer_reason": buyer,
        "competitors": competitors,
        "rep": rep,
    }
