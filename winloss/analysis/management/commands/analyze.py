import json

from django.core.management.base import BaseCommand

from winloss.analysis.figures import analysis
from winloss.analysis.scope import FILTERS, Scope
from winloss.programs.queries import program_named


class Command(BaseCommand):
    help = (
        "The program's analysis (SOP step 8) — the figures the Analyse page shows: "
        "winloss analyze PROGRAM --workspace SLUG --json. PROGRAM is the name or id."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("program")
        parser.add_argument("--workspace", required=True)
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        program = program_named(options["workspace"], options["program"])
        figures = analysis(Scope(program, {k: options[k] for k in FILTERS if options[k]}))
        if options["json"]:
            self.stdout.write(json.dumps(figures, default=str))
            return
        self.stdout.write(
            f"{program.name}: {figures['deals']} deals heard in "
            f"{figures['interviews']} validated interviews (driver shares are of deals)"
        )
        for d in figures["drivers"][:15]:
            kind = "win" if d["direction"] == "win_driver" else "loss"
            among = d["among"]
            counts = f"{among['k']} of {among['n']} {among['base']}"
            if among["too_few"]:
                self.stdout.write(f"  {d['name']} ({kind} driver): too few to tell ({counts})")
                continue
            low, high = among["low"], among["high"]
            self.stdout.write(
                f"  {d['name']} ({kind} driver): {counts} "
                f"({(among['share'] or 0):.0%}, 95% CI {low:.0%}–{high:.0%})"
            )
