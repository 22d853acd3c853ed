"""Head-to-head per competitor, as two things kept apart:

- from the CRM: the closed deals in scope that met the competitor (any competitor recorded on
  the deal, not only the primary one), won and lost, with our win rate and its interval;
- from the interviews: the deals heard whose deal met the competitor or whose buyer named it,
  and the themes we win and lose on there, each "k of n" over the won deals or the others. A
  deal heard from several people counts once, citing a theme when any of its interviews does.

A win rate or theme share over fewer deals than the program's minimum is "too few to tell"
(``Share.too_few``): shown with its n, never ranked or charted as a finding."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery

from winloss.coding.models import CodedExcerpt, Direction, InterviewThemeSummary
from winloss.deals.models import Competitor, Deal, Outcome
from winloss.programs.queries import deals_in_scope

from .drivers import MIN_N, NOT_WON_BASE, WON_BASE, Share
from .scope import Scope
from .table import Code, Table

MET = "met on the deal in the CRM or named by the buyer"


@dataclass
class HeadToHead:
    competitor: str
    won: int  # CRM deals
    lost: int
    interviews_won: int = 0  # deals heard, each once however many of its people spoke
    interviews_lost: int = 0
    win_themes: dict[str, int] = field(default_factory=dict)
    loss_themes: dict[str, int] = field(default_factory=dict)
    minimum: int = MIN_N

    @property
    def win_rate(self) -> Share:
        return Share(
            self.won,
            self.won + self.lost,
            f"closed deals in the CRM that met {self.competitor}",
            self.minimum,
        )

    def _themes(self, counts: dict[str, int], n: int, base: str) -> list[dict]:
        where = f"{base} where {self.competitor} was {MET}"
        return [
            {"theme": name, **Share(k, n, where, self.minimum).as_dict()}
            for name, k in counts.items()
        ]

    def as_dict(self) -> dict:
        interviews = self.interviews_won + self.interviews_lost
        return {
            "competitor": self.competitor,
            "crm": {
                "label": "Deals in the CRM",
                "won": self.won,
                "lost": self.lost,
                "win_rate": self.win_rate.as_dict(),
            },
            "interviews": {
                "label": f"Deals heard where the competitor was {MET}",
                "n": interviews,
                "won": self.interviews_won,
                "lost": self.interviews_lost,
                "win_themes": self._themes(self.win_themes, self.interviews_won, WON_BASE),
                "loss_themes": self._themes(self.loss_themes, self.interviews_lost, NOT_WON_BASE),
            },
        }


def head_to_head(scope: Scope, table: Table, minimum: int = MIN_N) -> list[HeadToHead]:
    """``table`` is the scope's analysis table, not rolled up. A deal counts once for a
    (rival, direction, theme), however many of its interviews cite it: for a competitor its
    excerpts name, and for every competitor the deal met when at least one excerpt of that
    code names none."""
    result = {
        name: HeadToHead(name, won or 0, lost or 0, minimum=minimum)
        for name, won, lost in _crm_counts(scope)
        if won or lost
    }
    on_deal, named = _met(scope, table)
    for rival in {*on_deal, *named}:
        rows = on_deal.get(rival, set()) | named.get(rival, set())
        entry = result.setdefault(rival, HeadToHead(rival, 0, 0, minimum=minimum))
        outcome_of = {int(table.entry[i]): table.outcome[i] for i in rows}  # one per deal
        won = sum(1 for o in outcome_of.values() if o == Outcome.WON)
        entry.interviews_won, entry.interviews_lost = won, len(outcome_of) - won
    per: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (rival, theme_id, direction), n in _credited(scope, table, on_deal).items():
        per[rival][direction][table.themes[theme_id].name] = n
    for rival, by_direction in per.items():
        entry = result[rival]
        entry.win_themes = _ranked(by_direction.get(Direction.WIN_DRIVER, {}))
        entry.loss_themes = _ranked(by_direction.get(Direction.LOSS_DRIVER, {}))
    return sorted(result.values(), key=lambda h: (-(h.won + h.lost), h.competitor))


def _crm_counts(scope: Scope):
    """(name, won, lost) per competitor: distinct deals in scope it met, as the primary
    competitor or among the deal's competitors. One query, counted in the database."""

    def count(won: bool):
        deals = deals_in_scope(scope.program).filter(
            Q(competitors=OuterRef("pk")) | Q(primary_competitor=OuterRef("pk"))
        )
        deals = deals.filter(outcome=Outcome.WON) if won else deals.exclude(outcome=Outcome.WON)
        return Subquery(
            deals.order_by().values("workspace").annotate(n=Count("pk", distinct=True)).values("n"),
            output_field=IntegerField(),
        )

    return (
        Competitor.objects.filter(workspace=scope.program.workspace)
        .annotate(won=count(True), lost=count(False))
        .order_by("name")
        .values_list("name", "won", "lost")
    )


def _met(scope: Scope, table: Table) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """Table rows per competitor: those whose deal met it (primary or any recorded), and
    those whose buyer named it in an excerpt."""
    row_of = {int(pk): i for i, pk in enumerate(table.ids)}
    on_deal: dict[str, set[int]] = defaultdict(set)
    named_in: dict[str, set[int]] = defaultdict(set)
    for i, rival in enumerate(table.rival):
        if rival:
            on_deal[rival].add(i)
    interviews = scope.interviews().values("pk")
    recorded = Deal.competitors.through.objects.filter(
        deal__sample_entries__interviews__in=interviews
    ).values_list("deal__sample_entries__interviews", "competitor__name")
    named = (
        CodedExcerpt.objects.filter(interview__in=interviews, competitor__isnull=False)
        .order_by()
        .values_list("interview_id", "competitor__name")
        .distinct()
    )
    for found, rows in ((on_deal, recorded), (named_in, named)):
        for interview_id, rival in rows:
            if interview_id in row_of:
                found[rival].add(row_of[interview_id])
    return on_deal, named_in


def _ranked(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _credited(scope: Scope, table: Table, on_deal: dict[str, set[int]]):
    """Deals per (rival, theme id, direction), a win theme among won deals and a loss theme
    among the others only."""
    import numpy as np

    # Through the competitor index: few excerpts name a competitor.
    named = set(
        CodedExcerpt.objects.filter(
            competitor__isnull=False,
            interview__in=scope.interviews().values("pk"),
            direction__in=[Direction.WIN_DRIVER, Direction.LOSS_DRIVER],
        )
        .order_by()
        .values_list("interview_id", "competitor__name", "theme_id", "direction")
        .distinct()
    )
    # Codes all of whose excerpts name a competitor: the deal's rivals get no credit there.
    all_named = set()
    if named:
        all_named = set(
            InterviewThemeSummary.objects.filter(
                interview__in={row[0] for row in named}, naming_competitor=F("excerpts")
            ).values_list("interview_id", "theme_id", "direction")
        )
    row_of = {int(pk): i for i, pk in enumerate(table.ids)}
    unnamed = table.rows(np.ones(len(table.ids), dtype=bool))
    unnamed.cited = table.cited.copy()
    for interview_id, theme_id, direction in all_named:
        code = Code(theme_id, direction)
        if interview_id in row_of and code in table.codes:
            unnamed.cited[row_of[interview_id], table.codes.index(code)] = False
    unnamed = unnamed.rolled_up()  # a parent is credited through any sub-theme
    won = np.asarray(table.outcome == Outcome.WON, dtype=bool)
    fits = np.zeros(unnamed.cited.shape, dtype=bool)
    for j, code in enumerate(unnamed.codes):
        fits[:, j] = won if code.direction == Direction.WIN_DRIVER else ~won
    credit = unnamed.cited & fits
    deal_rivals: dict[int, set[str]] = defaultdict(set)
    for rival, rows in on_deal.items():
        for i in rows:
            deal_rivals[i].add(rival)
    # A set of (deal, rival, theme, direction): a deal heard from several people, or met on
    # the deal and named by its buyer, counts once.
    credited: set[tuple[int, str, int, str]] = set()
    for i, rivals in deal_rivals.items():
        for column in np.flatnonzero(credit[i]):
            code = unnamed.codes[column]
            for rival in rivals:
                credited.add((int(table.entry[i]), rival, code.theme_id, code.direction))
    for interview_id, rival, theme_id, direction in named:
        if interview_id not in row_of:
            continue
        i = row_of[interview_id]
        if (direction == Direction.WIN_DRIVER) != bool(won[i]):
            continue
        for theme in [theme_id, *table.ancestors(theme_id)]:
            credited.add((int(table.entry[i]), rival, theme, direction))
    counts: dict[tuple[str, int, str], int] = defaultdict(int)
    for _deal, rival, theme, direction in credited:
        counts[(rival, theme, direction)] += 1
    return counts
