"""The report's content (SOP step 10) as one JSON-ready document, filled from the data.

The same document is what a draft shows, what publishing freezes (with its checksum) and what
every export renders, so the PDF, the slides, the DOCX and the XLSX can never disagree with
each other or with the version they belong to. Its sections follow the SOP: scope and sample
size, methodology and limitations, top win and loss themes, representative quotes,
recommended actions — then competitors, the perception gap and what changed since last time.
"""

from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.utils import timezone

from winloss.actions.models import Action
from winloss.analysis.drivers import NOT_WON_BASE, WON_BASE
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.coding.agreement.services import agreement_for
from winloss.coding.models import Direction, Theme
from winloss.deals.models import Outcome
from winloss.escalations.models import Escalation
from winloss.interviews.models import Interview
from winloss.programs.health.summary import program_health
from winloss.programs.sampling.services import current_draw

from .memos import memo_rows
from .models import Report
from .quotes import Quote, quote_rows
from .sections import SECTIONS

# 2: shares carry their base; competitors split CRM and interviews. 3: the methodology cites
# the analysts' memos (``methodology.memos``). 4: the buyer survey's own figures (``survey``).
# 5: the win rate across waves (``win_rate``) and each trend's like-for-like ``change``.
SCHEMA = 5
TOP_THEMES = 5  # per direction, as the SOP's "top win themes and top loss themes"


def plural(n: int, noun: str) -> str:
    """ "1 interview", "8 interviews": a count always in correct words."""
    return f"{n} {noun}{pluralize(n)}"


def below_minimum(program, figures: dict) -> list[dict]:
    """The bases the program analyses (won deals, deals not won) holding fewer deals than its
    minimum: their figures are too few to tell, and publishing needs an acknowledgement. The
    figures count deals heard, each once however many of its people were interviewed."""
    by_outcome = figures["deals_by_outcome"]
    minimum = program.min_per_outcome
    bases = []
    if Outcome.WON in program.deal_types:
        bases.append((WON_BASE, by_outcome.get(Outcome.WON, 0)))
    if any(t != Outcome.WON for t in program.deal_types):
        others = sum(n for o, n in by_outcome.items() if o != Outcome.WON)
        bases.append((NOT_WON_BASE, others))
    return [{"base": base, "n": n, "minimum": minimum} for base, n in bases if n < minimum]


def small_text(small: list[dict]) -> str:
    found = "; ".join(f"{s['base']}: {s['n']}" for s in small)
    return (
        f"Fewer deals heard than the program's minimum of {small[0]['minimum']} per outcome "
        f"({found}): figures over those deals are too few to tell and are held back."
    )


def _scope(program, figures: dict, health) -> dict:
    draw = current_draw(program)
    return {
        "objective": program.objective,
        "window": [
            program.window_start.isoformat() if program.window_start else None,
            program.window_end.isoformat() if program.window_end else None,
        ],
        "deal_types": [Outcome.label_of(t) for t in program.deal_types],
        "segments": {
            "regions": program.regions,
            "product_lines": program.product_lines,
            "industries": program.industries,
            "tiers": program.tiers,
        },
        "target": program.target_sample_size,
        "drawn": _drawn(draw) if draw else 0,
        "sampled": health.sampled,
        "approached": sum(r.approached for r in health.responses),
        "interviewed": health.interviewed,  # deals heard
        "interviews_held": health.interviews,
        "analysed": figures["interviews"],
        "deals_analysed": figures["deals"],
        "analysed_by_outcome": {
            Outcome.label_of(o): n for o, n in sorted(figures["interviews_by_outcome"].items())
        },
        "excluded": len(figures["excluded"]),
        "minimum": program.min_per_outcome,
        "below_minimum": below_minimum(program, figures),
    }


def _drawn(draw) -> int:
    """The deals a draw picked: one deal per account can leave places of its size empty."""
    return sum(cell.get("drawn", 0) for cell in draw.cells) if draw.cells else draw.size


def _sample_design(program) -> str:
    draw = current_draw(program)
    if draw is None:
        return "No sample was drawn in winloss for this program."
    strata = "outcome"
    if draw.dimension:
        strata += f" × {draw.dimension.replace('_', ' ')}"
    if draw.band_method and draw.band_method != "none":
        strata += " × deal-size band"
    drawn = _drawn(draw)
    asked = f" ({draw.size} asked)" if drawn != draw.size else ""
    return (
        f"{plural(drawn, 'deal')} drawn at random{asked} from {draw.eligible} eligible closed "
        f"deal{pluralize(draw.eligible)}, "
        f"stratified by {strata}, allocated {draw.get_allocation_display().lower()}, at least "
        f"{draw.min_per_cell} per stratum, one deal per account, seed {draw.seed} "
        f"(the draw can be repeated). Accounts approached in the previous {draw.recent_days} "
        "days, accounts in dispute and do-not-contact buyers were left out."
    )


def _methodology(program, report: Report, figures: dict, health) -> dict:
    agreement = agreement_for(program)
    interviewers = (
        Interview.objects.filter(program=program, interviewer__isnull=False)
        .order_by()
        .values_list("interviewer__name", "interviewer__email")
        .annotate(n=Count("id"))
    )
    limitations = list(health.warnings)
    small = below_minimum(program, figures)
    if small:
        limitations.insert(0, small_text(small))
    for coverage in health.coverages:
        cells = [r.key or "(none)" for r in coverage.small_cells]
        if cells:
            limitations.append(
                f"{coverage.label}: fewer than 5 interviews in {', '.join(cells[:6])}"
                f"{' …' if len(cells) > 6 else ''}: too few to tell for those cells."
            )
    too_small = sum(cell["too_small"] for cut in figures["cuts"].values() for cell in cut["cells"])
    if too_small:
        limitations.append(
            f"{plural(too_small, 'segment cell')} hold too few deals (or interviews, for a voice "
            "cut) to tell a difference; "
            "they are not reported as findings."
        )
    if figures["excluded"]:
        limitations.append(
            f"{plural(len(figures['excluded']), 'interview')} not counted: not completed or not "
            "validated."
        )
    if agreement.interviews == 0:
        limitations.append("No interview was coded twice, so coding agreement is not measured.")
    codebook = figures["codebook"]
    if codebook["changed"]:
        limitations.append(
            f"{plural(codebook['changed'], 'excerpt')} coded under a theme definition that "
            "changed afterwards had not been reviewed again."
        )
    return {
        "sample_design": _sample_design(program),
        "codebook": codebook,
        "codebook_text": _codebook_text(codebook),
        "response": [r.as_dict() for r in health.responses],
        "coverage": [
            {
                "dimension": c.label,
                "p_value": c.interview_fit.p_value if c.interview_fit else None,
                "by_design": c.by_design,
            }
            for c in health.coverages
        ],
        "interviewers": [
            {"name": name or email, "interviews": n} for name, email, n in sorted(interviewers)
        ],
        "agreement": {
            "interviews": agreement.interviews,
            "alpha": agreement.alpha,
            "kappas": dict(sorted(agreement.kappas.items())),
        },
        "limitations": limitations,
        "further_limitations": report.limitations,
        "memos": memo_rows(report),
    }


def _codebook_text(codebook: dict) -> str:
    """Which codebook versions the figures' excerpts were coded under, frozen in the report as
    it was when published."""
    if not codebook["versions"]:
        return f"No excerpts coded yet; the codebook was at version {codebook['current']}."
    return (
        f"Excerpts were coded under codebook {codebook['versions']}; version "
        f"{codebook['current']} was the current one."
    )


def _held_back(program, figures: dict) -> dict[str, str]:
    """Per direction, why its top themes are held back ("" when they are not)."""
    by_outcome = figures["deals_by_outcome"]
    won = by_outcome.get(Outcome.WON, 0)
    others = sum(by_outcome.values()) - won
    counts = {
        Direction.WIN_DRIVER: (won, plural(won, "won deal")),
        Direction.LOSS_DRIVER: (others, f"{plural(others, 'deal')} not won"),
    }
    minimum = program.min_per_outcome
    return {
        direction: (
            f"Too few to tell: {words}, fewer than the program's minimum of {minimum}."
            if n < minimum
            else ""
        )
        for direction, (n, words) in counts.items()
    }


def top_of(drivers: list[dict], direction: str) -> list[dict]:
    """The top themes of a direction, ranked by their share among the deals they can
    explain; a share under the minimum is too few to tell and never ranked."""
    ranked = [
        {**d, "among": {**d["among"], "label": d["among"]["base"]}}
        for d in drivers
        if d["direction"] == direction and not d["among"]["too_few"]
    ]
    ranked.sort(key=lambda d: (-(d["among"]["share"] or 0), -d["k"], d["name"]))
    return ranked[:TOP_THEMES]


def _actions(program, quoted: dict[int, str] | None = None) -> list[dict]:
    """The program's actions; ``quoted`` (excerpt id → the report's anonymised quote) gives
    each action the quotes that justify it — only ones the report may print."""
    rows = (
        Action.objects.filter(program=program)
        .select_related("owner", "theme", "escalation")
        .prefetch_related("evidence")
    )
    quoted = quoted or {}
    return [
        {
            "title": a.title,
            "owner": str(a.owner),
            "due": a.due_date.isoformat(),
            "status": a.get_status_display(),
            "expected_change": a.get_expected_change_display(),
            "theme": a.theme.name if a.theme else "",
            "what_changed": a.closure_evidence,
            # The escalation it corrects, by kind and date only: its passage is not a quote.
            "escalation": (
                f"{a.escalation.get_category_display()}, raised {a.escalation.raised_at:%d %b %Y}"
                if a.escalation
                else ""
            ),
            "evidence": [quoted[e.pk] for e in a.evidence.all() if e.pk in quoted],
        }
        for a in rows
    ]


def build(report: Report, chosen: list[Quote] | None = None) -> dict:
    """Everything the report shows, as plain JSON values. ``chosen``: the report's
    ``chosen_quotes``, when the caller shows them too (read once, not twice)."""
    program = report.program
    figures = analysis(Scope(program))
    health = program_health(program)
    escalations = dict(
        Escalation.objects.filter(program=program)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    previous = program.previous_wave
    quotes = quote_rows(report, chosen)
    return {
        "schema": SCHEMA,
        "title": report.title,
        "program": {"id": program.pk, "name": program.name},
        "workspace": program.workspace.name,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "sections": list(SECTIONS),
        "summary": report.summary,
        "scope": _scope(program, figures, health),
        "methodology": _methodology(program, report, figures, health),
        "held_back": _held_back(program, figures),
        "win_themes": top_of(figures["drivers"], Direction.WIN_DRIVER),
        "loss_themes": top_of(figures["drivers"], Direction.LOSS_DRIVER),
        "drivers": figures["drivers"],
        "cuts": figures["cuts"],
        "quotes": quotes,
        "actions": _actions(program, {q["excerpt"]: q["text"] for q in quotes}),
        "since_last_time": {
            "wave": previous.name if previous else "",
            "actions": _actions(previous) if previous else [],
        },
        "competitors": figures["competitors"],
        "perception_gap": figures["perception_gap"],
        "survey": figures["survey"],
        "theme_names": dict(
            Theme.objects.filter(workspace=program.workspace).values_list("slug", "name")
        ),
        "trends": figures["trends"],
        "win_rate": figures["win_rate"],
        "escalations": escalations,
    }
