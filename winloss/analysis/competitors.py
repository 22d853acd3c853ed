"""Head-to-head results per competitor: from the deals (won and lost against each, with a
win rate and its interval) and from the interviews (the themes we win and lose on)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from winloss.coding.models import CodedExcerpt, Direction
from winloss.deals.models import Outcome
from winloss.programs.queries import deals_in_scope

from .drivers import Share
from .scope import Scope


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


def head_to_head(scope: Scope) -> list[HeadToHead]:
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
    themes = (
        CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        .exclude(direction=Direction.NEUTRAL)
        .filter(
            Q(competitor__isnull=False)
            | Q(interview__entry__deal__primary_competitor__isnull=False)
        )
        .order_by()
        .values_list(
            "competitor__name",
            "interview__entry__deal__primary_competitor__name",
            "direction",
            "theme__name",
        )
        .annotate(n=Count("interview", distinct=True))
    )
    per: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for named, deal_rival, direction, theme, n in themes:
        rival = named or deal_rival
        bucket = per[rival][direction]
        bucket[theme] = bucket.get(theme, 0) + n
    for rival, by_direction in per.items():
        entry = result.setdefault(rival, HeadToHead(rival, 0, 0))
        entry.win_themes = dict(
            sorted(by_direction.get(Direction.WIN_DRIVER, {}).items(), key=lambda kv: -kv[1])
        )
        entry.loss_themes = dict(
            sorted(by_direction.get(Direction.LOSS_DRIVER, {}).items(), key=lambda kv: -kv[1])
        )
    return sorted(result.values(), key=lambda h: -(h.won + h.lost))
