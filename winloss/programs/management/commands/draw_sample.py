import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from winloss.lib.errors import errors_as_command_error
from winloss.programs.models import Allocation
from winloss.programs.queries import program_named
from winloss.programs.sampling.services import (
    DrawSettings,
    draw_sample,
    redraw_sample,
)
from winloss.programs.sampling.strata import BAND_METHODS, SEGMENT_DIMENSIONS

ACTOR = "winloss draw-sample"


class Command(BaseCommand):
    help = (
        "Draw a program's interview sample (SOP step 2): winloss draw-sample PROGRAM "
        "--workspace SLUG --size N. PROGRAM is the program's name or id."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("program", help="The program's name or id")
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument("--size", type=int, required=True, help="Deals to sample")
        parser.add_argument(
            "--balanced", action="store_true", help="The same number of places per outcome"
        )
        parser.add_argument("--seed", type=int, help="Repeat a draw exactly (recorded anyway)")
        parser.add_argument(
            "--dimension",
            default="region",
            choices=[d for d in SEGMENT_DIMENSIONS if d] + ["none"],
            help="The segment to stratify by (default region)",
        )
        parser.add_argument("--bands", default="terciles", choices=list(BAND_METHODS))
        parser.add_argument(
            "--band-edges", default="", help="With --bands custom: amounts, e.g. 10000,50000"
        )
        parser.add_argument("--min-per-cell", type=int, default=1)
        parser.add_argument("--recent-days", type=int, default=180)
        parser.add_argument(
            "--replace", default="", metavar="REASON", help="Discard the current sample first"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        program = program_named(options["workspace"], options["program"])
        try:
            edges = tuple(
                Decimal(part.strip()) for part in options["band_edges"].split(",") if part.strip()
            )
        except InvalidOperation:
            raise CommandError(f"--band-edges: {options['band_edges']!r} is not amounts.") from None
        settings = DrawSettings(
            size=options["size"],
            allocation=Allocation.BALANCED if options["balanced"] else Allocation.PROPORTIONAL,
            dimension="" if options["dimension"] == "none" else options["dimension"],
            band_method=options["bands"],
            band_edges=edges,
            min_per_cell=options["min_per_cell"],
            recent_days=options["recent_days"],
            seed=options["seed"],
        )
        with errors_as_command_error():
            if options["replace"]:
                draw = redraw_sample(
                    program, settings=settings, reason=options["replace"], actor=ACTOR
                )
            else:
                draw = draw_sample(program, settings=settings, actor=ACTOR)
        entries = draw.entries.select_related("deal", "interviewer").order_by(
            "outcome", "segment", "pk"
        )
        result = {
            "program": program.name,
            "program_id": program.pk,
            "size": len(entries),
            "asked": draw.size,
            "allocation": draw.allocation,
            "dimension": draw.dimension,
            "band_edges": draw.band_edges,
            "seed": draw.seed,
            "eligible": draw.eligible,
            "excluded": draw.excluded,
            "outcomes": _count(e.outcome for e in entries),
            "strata": draw.cells,
            "notes": draw.notes,
            "entries": [
                {
                    "crm_id": e.deal.crm_id,
                    "deal": e.deal.name,
                    "outcome": e.outcome,
                    "stratum": e.stratum_label,
                    "reason": e.reason,
                    "interviewer": e.interviewer.email if e.interviewer else None,
                }
                for e in entries
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=None, default=str))
            return
        self.stdout.write(
            f"Drew {result['size']} deals for “{program.name}” from {draw.eligible} eligible "
            f"({draw.get_allocation_display().lower()}, seed {draw.seed})."
        )
        for outcome, n in result["outcomes"].items():
            self.stdout.write(f"  {outcome}: {n}")
        for note in draw.notes:
            self.stdout.write(f"Note: {note}")
        for e in result["entries"]:
            self.stdout.write(f"  {e['crm_id']}  {e['stratum']}  {e['deal']}")


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))
