"""Running every rule over one question and settling overlaps between rules."""

import re

from .findings import Finding
from .rules import RULES, Rule

# One character for one, so offsets found in the plain text fit the original.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def lint_question(text: str) -> list[Finding]:
    """Every rule's findings in ``text``, sorted by where they start; [] for a neutral question."""
    plain = text.translate(APOSTROPHES)
    found = {rule.id: _findings(rule, text, plain) for rule in RULES}
    kept = [
        finding
        for rule in RULES
        for finding in found[rule.id]
        if not any(_overlap(finding, other) for name in rule.yields_to for other in found[name])
    ]
    return sorted(kept, key=lambda finding: (finding.start, finding.end, finding.rule))


def _findings(rule: Rule, text: str, plain: str) -> list[Finding]:
    findings: list[Finding] = []
    for pattern, hint in rule.compiled:
        for match in pattern.finditer(plain):
            start, end = _span(match)
            if start == end:
                continue
            findings.append(
                Finding(
                    rule=rule.id,
                    message=rule.message.format(words=text[start:end]),
                    start=start,
                    end=end,
                    hint=hint or rule.hint,
                )
            )
    return _first_of_overlapping(findings)


def _span(match: re.Match[str]) -> tuple[int, int]:
    # A pattern marks the offending words with a "span" group when it needs context around them.
    if "span" in match.re.groupindex and match.group("span") is not None:
        return match.span("span")
    return match.span()


def _first_of_overlapping(findings: list[Finding]) -> list[Finding]:
    # Two patterns of one rule on the same words are one problem, reported once.
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.start - f.end)):
        if not any(_overlap(finding, other) for other in kept):
            kept.append(finding)
    return kept


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end
