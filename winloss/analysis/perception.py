"""The perception gap (SOP step 8: *differences between internal assumptions and customer
perception*): the rep's stated reason against the buyer's primary coded theme."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from winloss.coding.codebook import DEFAULT_CODEBOOK
from winloss.coding.models import CodedExcerpt, Direction, Theme
from winloss.coding.suggest import suggest
from winloss.deals.models import Outcome
from winloss.interviews.models import RepDebrief

from .drivers import Share
from .scope import Scope


@dataclass
class Gap:
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (rep theme, buyer theme)
    by_rep: dict[str, list[bool]] = field(default_factory=dict)
    by_team: dict[str, list[bool]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def agreement(self) -> Share:
        return Share(sum(rep == buyer for rep, buyer in self.pairs), len(self.pairs))

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(dict)
        for rep, buyer in self.pairs:
            table[rep][buyer] = table[rep].get(buyer, 0) + 1
        return table

    def mismatches(self, top: int = 5) -> list[tuple[str, int]]:
        counts = Counter((r, b) for r, b in self.pairs if r != b)
        return [
            (f"reps say {self.names.get(r, r)}; buyers say {self.names.get(b, b)}", n)
            for (r, b), n in counts.most_common(top)
        ]

    def as_dict(self) -> dict:
        return {
            "agreement": self.agreement.as_dict(),
            "confusion": self.confusion,
            "mismatches": [{"text": t, "count": n} for t, n in self.mismatches()],
            "by_rep": {k: Share(sum(v), len(v)).as_dict() for k, v in sorted(self.by_rep.items())},
            "by_team": {
                k: Share(sum(v), len(v)).as_dict() for k, v in sorted(self.by_team.items())
            },
        }


def buyer_primary(scope: Scope) -> dict[int, str]:
    """Each interview's primary theme: most excerpts in the direction that decided it (loss
    drivers for a lost deal, win drivers for a won one). Ties go to the codebook's order."""
    rows = (
        CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        .order_by()
        .values_list("interview_id", "interview__entry__outcome", "direction", "theme__slug")
        .annotate(n=Count("id"))
    )
    order = {slug: i for i, slug in enumerate(t.slug for t in DEFAULT_CODEBOOK)}
    best: dict[int, tuple] = {}
    for interview_id, outcome, direction, slug, n in rows:
        wanted = Direction.WIN_DRIVER if outcome == Outcome.WON else Direction.LOSS_DRIVER
        if direction != wanted:
            continue
        key = (-n, order.get(slug, 99), slug)
        if interview_id not in best or key < best[interview_id][0]:
            best[interview_id] = (key, slug)
    return {interview_id: value[1] for interview_id, value in best.items()}


def perception_gap(scope: Scope) -> Gap:
    primary = buyer_primary(scope)
    interviews = (
        scope.interviews()
        .filter(pk__in=primary)
        .values_list(
            "pk",
            "entry_id",
            "entry__deal__rep_stated_reason",
            "entry__deal__owner_name",
            "entry__deal__owner_team",
        )
    )
    rows = list(interviews)
    debriefs = dict(
        RepDebrief.objects.filter(entry_id__in=[r[1] for r in rows]).values_list(
            "entry_id", "main_reason"
        )
    )
    # A CRM reason is free text: read it with the codebook, as an analyst would.
    texts = {r[0]: r[2] for r in rows if r[1] not in debriefs and (r[2] or "").strip()}
    guessed = dict(zip(texts, suggest(list(texts.values()), DEFAULT_CODEBOOK, top=1), strict=True))
    gap = Gap(
        names=dict(
            Theme.objects.filter(workspace=scope.program.workspace).values_list("slug", "name")
        )
    )
    for interview_id, entry_id, _reason, rep, team in rows:
        rep_theme = debriefs.get(entry_id)
        if rep_theme is None and guessed.get(interview_id):
            rep_theme = guessed[interview_id][0].theme
        if rep_theme is None:
            continue
        match = rep_theme == primary[interview_id]
        gap.pairs.append((rep_theme, primary[interview_id]))
        gap.by_rep.setdefault(rep or "(no owner)", []).append(match)
        gap.by_team.setdefault(team or "(no team)", []).append(match)
    return gap
