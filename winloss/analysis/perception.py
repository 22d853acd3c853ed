"""The perception gap (SOP step 8: *differences between internal assumptions and customer
perception*): the rep's stated reason against the buyer's primary coded theme, which is the
theme with most excerpts in the direction that decided the deal (ties: codebook order)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from winloss.coding.codebook import DEFAULT_CODEBOOK
from winloss.coding.suggest import suggest

from .drivers import Share
from .table import Table

PAIRED = "interviews with both a rep's reason and a buyer's main reason"


@dataclass
class Gap:
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (rep theme, buyer theme)
    by_rep: dict[str, list[bool]] = field(default_factory=dict)
    by_team: dict[str, list[bool]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def agreement(self) -> Share:
        return Share(sum(rep == buyer for rep, buyer in self.pairs), len(self.pairs), PAIRED)

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
            "by_rep": {
                k: Share(sum(v), len(v), f"{PAIRED}, {k}").as_dict()
                for k, v in sorted(self.by_rep.items())
            },
            "by_team": {
                k: Share(sum(v), len(v), f"{PAIRED}, {k}").as_dict()
                for k, v in sorted(self.by_team.items())
            },
        }


def perception_gap(table: Table, names: dict[str, str]) -> Gap:
    """Pairs of (rep's theme, buyer's primary theme) over the interviews with a primary theme.
    The rep's theme is the debrief's, else the CRM's free-text reason read with the codebook,
    as an analyst would."""
    import numpy as np

    primary = table.buyer_primary()
    rows = np.flatnonzero(primary)
    # Each distinct CRM text is read once: many deals share a reason such as "price".
    texts = sorted(
        {
            table.crm_reason[i].strip()
            for i in rows
            if table.rep_reason[i] is None and (table.crm_reason[i] or "").strip()
        }
    )
    guesses = suggest(texts, DEFAULT_CODEBOOK, top=1) if texts else []
    guessed = {text: found[0].theme for text, found in zip(texts, guesses, strict=True) if found}
    gap = Gap(names=names)
    slugs = {pk: theme.slug for pk, theme in table.themes.items()}
    # Plain lists: reading numpy object arrays one element at a time is slow.
    reps, crm = table.rep_reason[rows].tolist(), table.crm_reason[rows].tolist()
    owners, teams = table.owner[rows].tolist(), table.team[rows].tolist()
    for i, buyer_id in enumerate(primary[rows].tolist()):
        rep_theme = reps[i] if reps[i] is not None else guessed.get((crm[i] or "").strip())
        if rep_theme is None:
            continue
        buyer = slugs[buyer_id]
        match = rep_theme == buyer
        gap.pairs.append((rep_theme, buyer))
        gap.by_rep.setdefault(owners[i] or "(no owner)", []).append(match)
        gap.by_team.setdefault(teams[i] or "(no team)", []).append(match)
    return gap
