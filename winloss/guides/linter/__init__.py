"""Question linter: regex rules, as no well-kept PyPI package lints survey questions for bias."""

from .findings import Finding
from .lint import lint_question
from .rules import RULES, Rule

__all__ = ["RULES", "Finding", "Rule", "lint_question"]
