import json

from django.core.management.base import BaseCommand, CommandError

from winloss.accounts.models import Workspace
from winloss.analysis.figures import analysis
from winloss.analysis.scope import FILTERS, Scope
from winloss.programs.models import Program


class Command(BaseCommand):
    help = (
        "The program's analysis (SOP step 8) — the figures the Analyse page shows: "
        "winloss analyze PROGRAM --workspace SLUG --json. PROGRAM is the name or id."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("program")
        parser.add_argument("--workspace", required=True)
        for name in FILTERS:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default="")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"There is no workspace {options['workspace']!r}.")
        programs = Program.objects.filter(workspace=workspace)
        program = programs.filter(name__iexact=options["program"]).first()
        if program is None and options["program"].isdigit():
            program = programs.filter(pk=int(options["program"])).first()
        if program is None:
            raise CommandError(f"There is no program {options['program']!r} in {workspace.slug}.")
        figures = analysis(Scope(program, {k: options[k] for k in FILTERS if options[k]}))
        if options["json"]:
            self.stdout.write(json.dumps(figures, default=str))
            return
        self.stdout.write(f"{program.name}: {figures['interviews']} validated interviews")
        for d in figures["drivers"][:15]:
            kind = "win" if d["direction"] == "win_driver" else "loss"
            low, high = d["low"], d["high"]
            self.stdout.write(
                f"  {d['name']} ({kind} driver): {d['k']} of {d['n']} "
                f"({(d['share'] or 0):.0%}, 95% CI {low:.0%}–{high:.0%})"
            )
