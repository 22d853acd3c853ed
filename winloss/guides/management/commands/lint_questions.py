import json
import sys
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandParser

from winloss.guides.linter import Finding, lint_question
from winloss.lib.cli import read_text


class Command(BaseCommand):
    help = (
        "Check interview questions for leading, closed, double-barrelled, loaded, praising, "
        "hypothetical or jargon wording: winloss lint-questions FILE [--json]. One question "
        "per line; FILE may be - for standard input."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []
    # Tests hand in their own standard input, as for Django's createsuperuser.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A text file of questions, one a line, or - for stdin")
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object per question"
        )

    def handle(self, *args, file: str, json: bool, **options) -> None:
        text = read_text(file, options.get("stdin") or sys.stdin)
        questions = [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
        results = [(number, question, lint_question(question)) for number, question in questions]
        if json:
            for _, question, findings in results:
                self.stdout.write(_as_json(question, findings))
        else:
            self._report(results)

    def _report(self, results: list[tuple[int, str, list[Finding]]]) -> None:
        write = self.stdout.write
        for number, question, findings in results:
            if not findings:
                continue
            write(f"Line {number}: {question}")
            for finding in findings:
                words = question[finding.start : finding.end]
                write(f"  “{words}” – {finding.message}")
                write(f"    Hint: {finding.hint}")
            write("")
        flagged = sum(1 for _, _, findings in results if findings)
        noun = "question" if len(results) == 1 else "questions"
        write(f"{len(results)} {noun} checked: {flagged} to revise, {len(results) - flagged} fine.")


def _as_json(question: str, findings: list[Finding]) -> str:
    return json.dumps(
        {"question": question, "findings": [asdict(finding) for finding in findings]},
        ensure_ascii=False,
    )
