"""Head-to-head results per competitor: from the deals (won and lost against each, with a
win rate and its interval) and from their interviews (the themes we win and lose on, each
deal counted once)."""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, F, Q

from winloss.coding.models import CodedExcerpt, Direction, InterviewThemeSummary
from winloss.deals.models import Competitor, Outcome
from winloss.programs.queries import deals_in_scope

from .drivers import Share
from .scope import Scope
from .table import Code, Table


@dataclass
class HeadToHead:
    competitor: str
    won: int
    lost: int
    win_themes: dict[str, int] = field(default_factory=dict)
    loss_themes: dict[str, int] = field(default_factory=dict)

    @property
    def win_rate(self) -> Share:
        return Share(self.won, self.won + self.lost)

    def as_dict(self) -> dict:
        return {
            "competitor": self.competitor,
            "won": self.won,
            "lost": self.lost,
            "win_rate": self.win_rate.as_dict(),
            "win_themes": self.win_themes,
            "loss_themes": self.loss_themes,
        }


def head_to_head(scope: Scope, table: Table) -> list[HeadToHead]:
    """``table`` is the scope's analysis table, not rolled up. A deal counts once for a
    (rival, direction, theme), however many of its interviews cite it: for a competitor its
    excerpts name, and for the deal's primary competitor when at least one excerpt of that
    code names none."""
    deals = deals_in_scope(scope.program).filter(primary_competitor__isnull=False)
    rows = (
        deals.order_by()
        .values_list("primary_competitor__name")
        .annotate(
            won=Count("id", filter=Q(outcome=Outcome.WON)),
            lost=Count("id", filter=~Q(outcome=Outcome.WON)),
        )
    )
    result = {name: HeadToHead(name, won, lost) for name, won, lost in rows}
    credited = _credited(scope, table)
    per: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (rival, theme_id, direction), n in credited.items():
        per[rival][direction][table.themes[theme_id].name] = n
    for rival, by_direction in per.items():
        entry = result.setdefault(rival, HeadToHead(rival, 0, 0))
        entry.win_themes = _ranked(by_direction.get(Direction.WIN_DRIVER, {}))
        entry.loss_themes = _ranked(by_direction.get(Direction.LOSS_DRIVER, {}))
    return sorted(result.values(), key=lambda h: (-(h.won + h.lost), h.competitor))


def _ranked(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _credited(scope: Scope, table: Table) -> dict[tuple[str, int, str], int]:
    """Deals per (rival, theme id, direction)."""
    rivals = Competitor.objects.filter(workspace=scope.program.workspace).values("pk")
    # Through the competitor index: few excerpts name a competitor, and none when the
    # workspace tracks none (then the query is skipped).
    named = set()
    if rivals.exists():
        named = set(
            CodedExcerpt.objects.filter(
                competitor__in=rivals,
                interview__in=scope.interviews().values("pk"),
                direction__in=[Direction.WIN_DRIVER, Direction.LOSS_DRIVER],
            )
            .order_by()
            .values_list("interview_id", "competitor__name", "theme_id", "direction")
            .distinct()
        )
    # Codes all of whose excerpts name a competitor: the deal's rival gets no credit there.
    # Only interviews with a named excerpt can have one.
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
    # A set of (deal, rival, theme, direction): a deal heard from several people, or naming
    # the rival and citing the theme both ways, counts once.
    credited: set[tuple[int, str, int, str]] = set()
    for i, j in zip(*np.nonzero(unnamed.cited), strict=True):
        rival = unnamed.rival[i]
        if rival is not None:
            code = unnamed.codes[j]
            credited.add((int(unnamed.entry[i]), rival, code.theme_id, code.direction))
    for interview_id, rival, theme_id, direction in named:
        if interview_id in row_of:
            deal = int(table.entry[row_of[interview_id]])
            for theme in [theme_id, *table.ancestors(theme_id)]:
                credited.add((deal, rival, theme, direction))
    counts: dict[tuple[str, int, str], int] = defaultdict(int)
    for _deal, rival, theme, direction in credited:
        counts[(rival, theme, direction)] += 1
    return counts
