"""Competitor names and pricing references, found as the interviewer types (SOP step 5:
*note any observable context, such as competitor names, pricing references*)."""

import re
from dataclasses import dataclass

from winloss.deals.models import Competitor, CompetitorAlias

PRICING = re.compile(
    r"(?:[$€£¥]\s?\d[\d,.]*\s?(?:k|m|bn|million|thousand)?\b"
    r"|\b\d[\d,.]*\s?(?:k|m|bn)?\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b"
    r"|\b\d{1,3}\s?%\s?(?:off|discount)?"
    r"|\b(?:price[ds]?|pricing|discount(?:s|ed)?|budget(?:s|ed)?|cost(?:s|ly)?|expensive|cheap(?:er)?"
    r"|licen[cs]e fees?|per seat|list price|quote[ds]?|invoice[ds]?|rebate|payment terms)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    kind: str  # "competitor" or "pricing"
    text: str
    start: int
    end: int
    competitor: str = ""


def competitor_patterns(workspace) -> list[tuple[re.Pattern, str]]:
    """Every name and alias of the workspace's competitors, longest first (so "Vector
    Solutions Inc." wins over "Vector Solutions")."""
    names = [(c.name, c.name) for c in Competitor.objects.filter(workspace=workspace)]
    names += [
        (a.alias, a.competitor.name)
        for a in CompetitorAlias.objects.filter(workspace=workspace).select_related("competitor")
    ]
    names.sort(key=lambda pair: -len(pair[0]))
    return [
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), canonical)
        for name, canonical in names
        if name.strip()
    ]


def recognise(text: str, patterns: list[tuple[re.Pattern, str]]) -> list[Mention]:
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for pattern, canonical in patterns:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            mentions.append(
                Mention("competitor", match.group(0), match.start(), match.end(), canonical)
            )
    for match in PRICING.finditer(text):
        mentions.append(Mention("pricing", match.group(0), match.start(), match.end()))
    return sorted(mentions, key=lambda m: m.start)
