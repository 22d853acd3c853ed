"""Matching free-text names to the canonical lists: competitors (with aliases) and products.

An exact match — same name once case, punctuation and legal suffixes are set aside — is safe
to apply. Anything fuzzier is only ever a suggestion for a person to accept: "Vector
Solutions Inc." proposes "Vector Solutions", it never silently becomes it.
"""

import re
from dataclasses import dataclass

from django.db.models import Count
from rapidfuzz import fuzz, process, utils

from .models import Competitor, CompetitorAlias, Deal

LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "bv",
    "nv",
    "oy",
    "ab",
    "pty",
    "srl",
}
SUGGESTION_THRESHOLD = 80.0


def normalise(name: str) -> str:
    """Lowercase words without punctuation or legal suffixes: "Vector Solutions, Inc." →
    "vector solutions"."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def compact(name: str) -> str:
    """The normalised name without spaces, so "GTXPro" and "GTX Pro" meet."""
    return normalise(name).replace(" ", "")


@dataclass(frozen=True)
class Suggestion:
    name: str
    score: float
    competitor_id: int | None = None

    @property
    def exact(self) -> bool:
        return self.score >= 100.0


class CompetitorIndex:
    """Every competitor name and alias of a workspace, loaded once for many look-ups."""

    def __init__(self, workspace) -> None:
        # Exact look-up by the space-less form; fuzzy scoring on the words themselves.
        self.by_key: dict[str, tuple[int, str]] = {}
        self.by_words: dict[str, tuple[int, str]] = {}
        names = Competitor.objects.filter(workspace=workspace).values_list("id", "name", "name")
        aliases = CompetitorAlias.objects.filter(workspace=workspace).values_list(
            "competitor_id", "alias", "competitor__name"
        )
        for pk, text, name in [*names, *aliases]:
            self.by_key.setdefault(compact(text), (pk, name))
            self.by_words.setdefault(normalise(text), (pk, name))

    def add(self, pk: int, name: str) -> None:
        """A competitor created after loading, so later look-ups find it too."""
        self.by_key.setdefault(compact(name), (pk, name))
        self.by_words.setdefault(normalise(name), (pk, name))

    def resolve(self, text: str) -> int | None:
        """The competitor this text certainly names, or None."""
        found = self.by_key.get(compact(text))
        return found[0] if found else None

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        if not text.strip():
            return []
        exact = self.by_key.get(compact(text))
        if exact:
            return [Suggestion(exact[1], 100.0, exact[0])]
        results = process.extract(
            normalise(text),
            list(self.by_words),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=limit * 3,
        )
        suggestions: dict[int, Suggestion] = {}
        for key, score, _ in results:
            if score < SUGGESTION_THRESHOLD:
                continue
            pk, name = self.by_words[key]
            if pk not in suggestions or suggestions[pk].score < score:
                suggestions[pk] = Suggestion(name, round(score, 1), pk)
        return sorted(suggestions.values(), key=lambda s: -s.score)[:limit]


@dataclass(frozen=True)
class ProductPair:
    """Two spellings of what looks like one product, the more common one first."""

    keep: str
    keep_deals: int
    merge: str
    merge_deals: int
    score: float


def product_name_pairs(workspace) -> list[ProductPair]:
    """Product spellings in the workspace's deals that probably mean the same product."""
    counts = dict(
        Deal.objects.filter(workspace=workspace)
        .exclude(product="")
        .order_by()
        .values_list("product")
        .annotate(n=Count("id"))
    )
    names = sorted(counts, key=lambda n: (-counts[n], n))
    pairs: list[ProductPair] = []
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            # Spacing and case only: "GTXPro" / "GTX Pro". Fuzzier product names differ too
            # often by a real edition ("GTX Pro" / "GTX Plus Pro") to propose.
            if compact(first) == compact(second):
                pairs.append(ProductPair(first, counts[first], second, counts[second], 100.0))
    return pairs
