from django.db.models import Count

from winloss.accounts.models import Workspace
from winloss.deals.models import Deal, DealQuerySet
from winloss.lib.forms import is_id

from .models import Program, SampleEntry


def deals_in_scope(program: Program) -> DealQuerySet:
    """Closed deals matching the program's deal types, segments and window."""
    qs = Deal.objects.filter(workspace=program.workspace, outcome__in=program.deal_types)
    qs = qs.in_window(program.window_start, program.window_end)
    for field, values in (
        ("product_line", program.product_lines),
        ("region", program.regions),
        ("industry", program.industries),
        ("tier", program.tiers),
    ):
        if values:
            qs = qs.filter(**{f"{field}__in": values})
    return qs


def outcome_counts(qs: DealQuerySet) -> dict[str, int]:
    return dict(qs.order_by().values_list("outcome").annotate(n=Count("id")))


def segment_values(workspace: Workspace, field: str) -> list[str]:
    """Distinct non-empty values of a deal field, for the scope form's choices."""
    return list(
        Deal.objects.filter(workspace=workspace)
        .exclude(**{field: ""})
        .order_by(field)
        .values_list(field, flat=True)
        .distinct()
    )


def program_named(workspace_slug: str, ref: str) -> Program:
    """The program a command names by name (any case) or id, in the workspace named by slug;
    a clear CommandError otherwise."""
    from django.core.management.base import CommandError

    from winloss.accounts.cli import workspace_named

    workspace = workspace_named(workspace_slug)
    programs = Program.objects.filter(workspace=workspace)
    found = programs.filter(name__iexact=ref).first()
    if found is None and is_id(ref):
        found = programs.filter(pk=int(ref)).first()
    if found is None:
        raise CommandError(f"There is no program {ref!r} in {workspace.slug}.")
    return found


def entry_counts(program: Program) -> dict[str, int]:
    """How many deals of the program's current sample are in each status."""
    return dict(
        SampleEntry.objects.current(program)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
