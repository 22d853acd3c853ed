import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from winloss.coding.codebook import INDUSTRY_PACKS, codebook_with
from winloss.coding.suggest import Suggestion, suggest
from winloss.lib.cli import read_text


class Command(BaseCommand):
    help = (
        "Suggest codebook themes for passages: winloss suggest-themes FILE [--json]. FILE holds "
        'JSON lines with a "text" field, or is - for standard input. Suggestions only: nothing '
        "is coded."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='JSON lines with a "text" field, or - for stdin')
        parser.add_argument("--workspace", help="The workspace whose codebook to use")
        parser.add_argument(
            "--pack",
            action="append",
            default=[],
            choices=sorted(INDUSTRY_PACKS),
            help="Add an industry pack's themes (repeatable)",
        )
        parser.add_argument("--top", type=int, default=3, help="Themes per passage (3)")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per passage")

    def handle(
        self,
        *args,
        file: str,
        workspace: str | None,
        pack: list[str],
        top: int,
        json: bool,
        **options,
    ) -> None:
        if top < 1:
            raise CommandError("--top must be at least 1.", returncode=2)
        texts = _texts(read_text(file, options.get("stdin") or sys.stdin))
        themes, model = codebook_with(*pack), None
        if workspace:
            themes, model = self._workspace_codebook(workspace, pack)
        results = suggest(texts, themes, model=model, top=top)
        for text, suggestions in zip(texts, results, strict=True):
            self.stdout.write(_as_json(text, suggestions) if json else _as_line(text, suggestions))

    def _workspace_codebook(self, slug: str, packs: list[str]):
        """The workspace's own active themes (plus any --pack not in it) and stored model."""
        from winloss.accounts.cli import workspace_named
        from winloss.coding.queries import codebook_for
        from winloss.coding.suggest.services import engine_themes, stored_model

        found = workspace_named(slug, returncode=2)
        themes = engine_themes(codebook_for(found))
        slugs = {theme.slug for theme in themes}
        themes += [t for t in codebook_with(*packs) if t.slug not in slugs and t.parent]
        return themes, stored_model(found)


def _texts(content: str) -> list[str]:
    texts = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Line {number}: not valid JSON ({error.msg}).", returncode=2
            ) from None
        if not isinstance(record, dict) or "text" not in record:
            raise CommandError(f'Line {number}: no "text" field.', returncode=2)
        if not isinstance(record["text"], str):
            raise CommandError(f'Line {number}: "text" must be a string.', returncode=2)
        texts.append(record["text"])
    return texts


def _as_json(text: str, suggestions: list[Suggestion]) -> str:
    themes = [{"theme": s.theme, "score": round(s.score, 4)} for s in suggestions]
    return json.dumps({"text": text, "themes": themes}, ensure_ascii=False)


def _as_line(text: str, suggestions: list[Suggestion]) -> str:
    themes = ", ".join(f"{s.theme} ({s.score:.2f})" for s in suggestions) or "no suggestion"
    return f"{text}\n  → {themes}"
