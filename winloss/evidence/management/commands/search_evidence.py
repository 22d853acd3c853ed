import json

from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.cli import workspace_named
from winloss.accounts.models import Workspace
from winloss.coding.models import Direction, Theme
from winloss.deals.models import Outcome
from winloss.evidence.queries import Filters, filtered, in_order, library, series, shown
from winloss.programs.models import Program


def _program(workspace: Workspace, ref: str, what: str) -> int | None:
    """The id of the program (or wave) a command names by name (any case) or id."""
    if not ref:
        return None
    programs = Program.objects.filter(workspace=workspace)
    found = programs.filter(name__iexact=ref).first()
    if found is None and ref.isdigit():
        found = programs.filter(pk=int(ref)).first()
    if found is None:
        raise CommandError(f"There is no {what} {ref!r} in {workspace.slug}.")
    return found.pk


def _choice(value: str, allowed: list[str], what: str) -> str:
    if value and value not in allowed:
        raise CommandError(f"{what} must be one of {', '.join(allowed)}, not {value!r}.")
    return value


class Command(BaseCommand):
    help = (
        "Search the evidence library: the coded excerpts of validated interviews whose "
        "respondents allowed quoting, anonymised as the report quotes them. "
        "winloss search-evidence QUERY --workspace SLUG [--program NAME] [--theme SLUG] [--json]"
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("query", nargs="?", default="", help='Words, "a phrase", or, -word')
        parser.add_argument("--workspace", required=True)
        parser.add_argument("--program", default="", help="Name or id: every wave of it")
        parser.add_argument("--wave", default="", help="Name or id of one wave")
        parser.add_argument("--theme", default="", help="The theme's slug")
        parser.add_argument("--direction", default="", help=", ".join(Direction.values))
        parser.add_argument("--outcome", default="", help=", ".join(Outcome.values))
        parser.add_argument("--limit", type=int, default=100, help="At most this many (100)")
        parser.add_argument("--json", action="store_true", help="Print one JSON list")

    def handle(self, *args, **options) -> None:
        workspace = workspace_named(options["workspace"])
        theme = options["theme"]
        if theme and not Theme.objects.filter(workspace=workspace, slug=theme).exists():
            raise CommandError(f"There is no theme {theme!r} in {workspace.slug}'s codebook.")
        if options["limit"] < 1:
            raise CommandError("--limit must be 1 or more.")
        filters = Filters(
            q=options["query"],
            theme=theme,
            direction=_choice(options["direction"], Direction.values, "--direction"),
            outcome=_choice(options["outcome"], Outcome.values, "--outcome"),
            program=_program(workspace, options["program"], "program"),
            wave=_program(workspace, options["wave"], "wave"),
        )
        waves = series(workspace)
        # The command is run by whoever runs the installation: it reads as the program team
        # does, every kind of excerpt, and anonymises exactly as the report would.
        excerpts = filtered(library(workspace, evidence=True), filters, waves)
        ids = list(excerpts.values_list("pk", flat=True)[: options["limit"]])
        found = shown(in_order(ids), waves)
        if options["json"]:
            self.stdout.write(json.dumps([f.as_dict() for f in found], ensure_ascii=False))
            return
        if not found:
            self.stdout.write("No excerpts match.")
        for item in found:
            row = item.as_dict()
            self.stdout.write(
                f"“{row['text']}”\n  — {item.source}; {row['theme_name']}, "
                f"{item.excerpt.get_direction_display().lower()}; {row['program']}"
            )
