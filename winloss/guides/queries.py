"""Reads for SOP step 3: the version in use, what the linter says, what the interviewer sees."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from winloss.programs.models import Program

from .linter import RULES, Finding, lint_question
from .models import (
    SECTION_ORDER,
    GuideStatus,
    GuideVersion,
    LinterWaiver,
    Question,
    Section,
    section_for,
)


def approved_version_for(program: Program) -> GuideVersion | None:
    """The version new interviews use: the latest approved one, or None before any approval."""
    return program.guide_versions.approved().order_by("-number").first()


def draft_version_for(program: Program) -> GuideVersion | None:
    return program.guide_versions.filter(status=GuideStatus.DRAFT).first()


def current_version_for(program: Program) -> GuideVersion | None:
    """The version the guide page shows: the draft being edited, else the one in use."""
    return draft_version_for(program) or approved_version_for(program)


RULE_LABELS = {rule.id: rule.message.split(":", 1)[0] for rule in RULES}


def rule_label(rule: str) -> str:
    """ "Double-barrelled" for "double_barrelled": the name the findings themselves use."""
    return RULE_LABELS.get(rule, rule)


@dataclass(frozen=True)
class ReviewedFinding:
    finding: Finding
    words: str  # the offending wording, text[start:end]
    waiver: LinterWaiver | None

    @property
    def label(self) -> str:
        return rule_label(self.finding.rule)

    @property
    def explanation(self) -> str:
        """The message without its leading "Label: ", which the page shows as a heading."""
        head, _, rest = self.finding.message.partition(": ")
        rest = rest if head == self.label and rest else self.finding.message
        # "'our award-winning' praises …": the page marks the words already, just before.
        return rest.removeprefix(f"'{self.words}' ")


# A guide's question or a buyer survey's: whatever has a wording and waivers of its own.
Asked = TypeVar("Asked")


@dataclass
class ReviewedQuestion(Generic[Asked]):
    question: Asked
    findings: list[ReviewedFinding] = field(default_factory=list)

    @property
    def open_findings(self) -> list[ReviewedFinding]:
        return [f for f in self.findings if f.waiver is None]


def review_text(text: str, waivers: Iterable[LinterWaiver] = ()) -> list[ReviewedFinding]:
    """The linter's findings on ``text``, each with the waiver that covers it, if any.

    A waiver covers a rule only for the exact wording it was given for.
    """
    by_rule = {w.rule: w for w in waivers if w.text == text}
    return [
        ReviewedFinding(f, text[f.start : f.end], by_rule.get(f.rule)) for f in lint_question(text)
    ]


def review(version: GuideVersion) -> list[ReviewedQuestion[Question]]:
    """Every question of ``version`` in interview order, with its findings and waivers."""
    questions = list(version.questions.prefetch_related("waivers__waived_by"))
    return [
        ReviewedQuestion(q, review_text(q.text, list(q.waivers.all())))
        for q in sorted(questions, key=_interview_order)
    ]


def open_findings_count(version: GuideVersion) -> int:
    return sum(len(q.open_findings) for q in review(version))


def _interview_order(question: Question) -> tuple[int, int, int]:
    return (SECTION_ORDER.index(Section(question.section)), question.position, question.pk)


@dataclass(frozen=True)
class PreviewSection:
    section: Section
    questions: list[Question]
    start: int  # the number of its first question: the interviewer counts straight through


def preview(version: GuideVersion, outcome: str) -> list[PreviewSection]:
    """Exactly what the interviewer follows for a deal with ``outcome``, section by section."""
    wanted = [Section.COMMON]
    outcome_section = section_for(outcome)
    if outcome_section is not None:
        wanted.append(outcome_section)
    questions = sorted(version.questions.filter(section__in=wanted), key=_interview_order)
    sections, start = [], 1
    for section in wanted:
        own = [q for q in questions if q.section == section]
        sections.append(PreviewSection(section, own, start))
        start += len(own)
    return sections
