"""A battlecard: what a program's interviews say about one competitor, on one page.

Nothing here computes a figure of its own. The head-to-head comes from the analysis
(``analysis.figures.analysis`` → ``competitors.head_to_head``), wave by wave of the program
(``trends.waves_of``): the program team reads the live analysis of every wave, anyone else the
figures each wave's latest published report froze (``ReportVersion.content["competitors"]``),
as stakeholders see only published findings. The quotes are the evidence library's
(``evidence.queries``): the buyer's own words only, of respondents who allowed quoting,
anonymised as each allowed; a stakeholder finds only those of programs with a published report.

Like the report's content, the card is one JSON-ready document, so the page, the PDF and the
slide say the same thing."""

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone

from winloss.actions.models import Action
from winloss.analysis.figures import analysis
from winloss.analysis.scope import Scope
from winloss.analysis.trends import waves_of
from winloss.coding.models import Direction, Theme
from winloss.deals.models import Competitor
from winloss.evidence.queries import Filters, buyer_words, filtered, in_order, library, shown
from winloss.lib.taxonomy import SOP_THEMES
from winloss.programs.models import Program
from winloss.reports.models import ReportQuote, ReportVersion
from winloss.reports.queries import latest_versions
from winloss.reports.render.text import TOO_FEW

REASONS = 3  # per direction: a card is read in a minute
QUOTES_PER_TOPIC = 2  # about their pricing, about their product
CANDIDATES = 300  # the newest quotes about the competitor that a card chooses among
ACTIONS = 5
# What buyers said about the competitor's pricing and product: the SOP's themes for them
# (slugs never change, whatever a workspace renames them to), sub-themes included.
TOPICS = {"pricing": "pricing_commercial", "product": "product_fit"}
LIVE = "live"
PUBLISHED = "published"


@dataclass(frozen=True)
class WaveFigures:
    """One wave's head-to-head figures, and where they come from."""

    wave: Program
    competitors: list[dict] | None  # None: no published report (for a stakeholder)
    minimum: int
    published: str = ""  # "version 2, published 1 Dec 2026" when read from a report

    def of(self, name: str) -> dict | None:
        return next((c for c in self.competitors or [] if c.get("competitor") == name), None)


def _live(wave: Program) -> WaveFigures:
    figures = analysis(Scope(wave), only={"competitors"})
    return WaveFigures(wave, figures["competitors"], figures["minimum"])


def _published(wave: Program, version: ReportVersion | None) -> WaveFigures:
    if version is None:
        return WaveFigures(wave, None, wave.min_per_outcome)
    content = version.content or {}
    minimum = (content.get("scope") or {}).get("minimum") or wave.min_per_outcome
    when = f"version {version.number}, published {version.published_at:%d %b %Y}"
    return WaveFigures(wave, content.get("competitors") or [], minimum, when)


def wave_figures(waves: list[Program], *, evidence: bool) -> list[WaveFigures]:
    """The head-to-head of each of ``waves``: live for the program team (``evidence``), else
    as each wave's latest published report froze it. A bounded number of waves
    (``trends.MAX_WAVES``), each a few reads."""
    if evidence:
        return [_live(wave) for wave in waves]
    latest = latest_versions(waves)  # only the newest versions' content is read
    return [_published(wave, latest.get(wave.pk)) for wave in waves]


def _reasons(heard: dict | None, key: str, base_n: int, minimum: int, what: str) -> dict:
    """The top themes of one direction, or why they are held back."""
    if heard is None or base_n == 0:
        return {"themes": [], "held_back": f"No {what} heard yet."}
    if base_n < minimum:
        return {
            "themes": [],
            "held_back": f"{TOO_FEW.capitalize()}: {base_n} {what} heard, fewer than the "
            f"program's minimum of {minimum}.",
        }
    # Copies: the card adds each theme's quote, and the figures it read stay as they were.
    themes = [dict(t) for t in heard.get(key) or [] if not t.get("too_few")][:REASONS]
    return {"themes": themes, "held_back": "" if themes else "No theme cited yet."}


def _theme_ids(workspace_id: int) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Each theme's id with its sub-themes', by name (the head-to-head names themes) and by
    slug: one read of the codebook, walked here (a codebook is a few dozen themes)."""
    themes = Theme.objects.filter(workspace_id=workspace_id)
    rows = list(themes.values_list("pk", "slug", "name", "parent_id"))
    children: dict[int, list[int]] = {}
    for pk, _slug, _name, parent in rows:
        if parent:
            children.setdefault(parent, []).append(pk)

    def below(pk: int) -> set[int]:
        found, todo = {pk}, [pk]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    by_name = {name: below(pk) for pk, _slug, name, _parent in rows}
    by_slug = {slug: below(pk) for pk, slug, _name, _parent in rows}
    return by_name, by_slug


def _quote(found: Any) -> dict:
    return {"text": found.text, "source": found.source, "wave": found.excerpt.program.name}


def _quotes(
    program: Program, waves: list[Program], competitor: Competitor, *, evidence: bool
) -> list[tuple[int, str, int, bool]]:
    """(theme id, direction, id, whether its words name it) of the quotes about
    ``competitor`` in these waves, the best first: those an analyst picked for a report, then
    the newest. "About" as the evidence library's competitor filter says: words naming it, or
    naming no competitor on a deal it was the rival of."""
    excerpts = library(program.workspace, evidence=evidence)
    if evidence:  # the team's library holds interviewers' notes too; a card quotes buyers only
        excerpts = buyer_words(excerpts)
    excerpts = filtered(excerpts, Filters(competitor=competitor.pk), {})
    picked = ReportQuote.objects.filter(excerpt=OuterRef("pk"))
    rows = (
        excerpts.filter(program__in=[w.pk for w in waves])
        .alias(picked=Exists(picked))
        .order_by("-picked", "-pk")
        .annotate(named=ExpressionWrapper(Q(competitor=competitor), BooleanField()))
        .values_list("theme_id", "direction", "pk", "named")[:CANDIDATES]
    )
    return list(rows)


def _open_actions(waves: list[Program], competitor: Competitor) -> list[dict]:
    """Open actions of these waves about the competitor. An action has no competitor of its
    own: it is about one when a quote it rests on is (as ``_quotes`` reads "about"), or its
    title or description names it."""
    about = (
        Q(evidence__competitor=competitor)
        | Q(
            evidence__competitor__isnull=True,
            evidence__interview__entry__deal__primary_competitor=competitor,
        )
        | Q(title__icontains=competitor.name)
        | Q(description__icontains=competitor.name)
    )
    ids = (
        Action.objects.filter(program__in=waves)
        .still_open()
        .filter(about)
        .values_list("pk", flat=True)
        .distinct()
    )
    rows = (
        Action.objects.filter(pk__in=list(ids))
        .select_related("owner", "theme", "program")
        .order_by("due_date", "pk")[:ACTIONS]
    )
    return [
        {
            "title": a.title,
            "owner": str(a.owner),
            "due": a.due_date.isoformat(),
            "status": a.get_status_display(),
            "change": a.get_expected_change_display(),
            "theme": a.theme.name if a.theme else "",
            "wave": a.program.name,
        }
        for a in rows
    ]


def _over_time(figures: list[WaveFigures], name: str) -> list[dict]:
    rows = []
    for f in figures:
        h2h = f.of(name)
        rows.append(
            {
                "wave": f.wave.name,
                "published": f.published,
                "shown": f.competitors is not None,
                "met": h2h is not None,
                "crm": (h2h or {}).get("crm") or {"won": 0, "lost": 0, "win_rate": None},
                "heard": (h2h or {}).get("interviews") or {"n": 0, "won": 0, "lost": 0},
                "minimum": f.minimum,
            }
        )
    return rows


def battlecard(program: Program, competitor: Competitor, *, evidence: bool) -> dict:
    """Everything the card shows for ``competitor`` in ``program`` (the latest wave it looks
    from), as plain JSON values; ``evidence``: the viewer may read the evidence before
    publication (``Cap.VIEW_EVIDENCE``)."""
    waves = waves_of(program)
    figures = wave_figures(waves, evidence=evidence)
    this = figures[-1]
    h2h = this.of(competitor.name)
    heard = (h2h or {}).get("interviews")
    won, lost = (heard or {}).get("won", 0), (heard or {}).get("lost", 0)
    win = _reasons(heard, "win_themes", won, this.minimum, "won deals")
    loss = _reasons(heard, "loss_themes", lost, this.minimum, "deals not won")

    by_name, by_slug = _theme_ids(program.workspace_id)
    candidates = _quotes(program, waves, competitor, evidence=evidence)
    wanted: list[int] = []

    def choose(themes: set[int], limit: int, direction: str = "", named: bool = False):
        """The best quotes of these themes, preferring ones the card does not show yet: a
        quote may answer both "why we lose" and "what they said of their pricing" when it is
        the only one there is. ``named``: only words that name the competitor."""
        fits = [
            pk
            for theme_id, d, pk, names in candidates
            if theme_id in themes and d == (direction or d) and (names or not named)
        ]
        chosen = sorted(fits, key=lambda pk: pk in wanted)[:limit]  # stable: best first
        wanted.extend(pk for pk in chosen if pk not in wanted)
        return chosen

    reasons = [
        (t, choose(by_name.get(t["theme"], set()), 1, direction))
        for part, direction in ((win, Direction.WIN_DRIVER), (loss, Direction.LOSS_DRIVER))
        for t in part["themes"]
    ]
    # Their pricing and product: words that name them (a buyer on a deal against them who
    # names nobody may be speaking of our price).
    topics = {
        key: choose(by_slug.get(slug, set()), QUOTES_PER_TOPIC, named=True)
        for key, slug in TOPICS.items()
    }
    said = {f.excerpt.pk: _quote(f) for f in shown(in_order(wanted)) if f.buyer_words}
    for theme, ids in reasons:
        theme["quote"] = next((said[pk] for pk in ids if pk in said), None)
    return {
        "competitor": competitor.name,
        "program": {"id": program.pk, "name": program.name},
        "workspace": program.workspace.name,
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "source": LIVE if evidence else PUBLISHED,
        "published": this.published,
        "this_wave_shown": this.competitors is not None,
        "minimum": this.minimum,
        "crm": (h2h or {}).get("crm"),
        "heard": heard,
        "win": win,
        "loss": loss,
        "over_time": _over_time(figures, competitor.name),
        "said": {
            key: {
                "label": f"Their {key} ({SOP_THEMES[slug]})",
                "quotes": [said[pk] for pk in ids if pk in said],
            }
            for key, slug in TOPICS.items()
            for ids in [topics[key]]
        },
        "actions": _open_actions(waves, competitor),
    }


def competitors_of(program: Program, *, evidence: bool) -> WaveFigures:
    """The program's own head-to-head (this wave only), for its list of cards; each
    competitor carries its id when one still goes by that name."""
    (this,) = wave_figures([program], evidence=evidence)
    ids = dict(Competitor.objects.filter(workspace=program.workspace).values_list("name", "pk"))
    for row in this.competitors or []:
        row["id"] = ids.get(row.get("competitor", ""))
    return this
