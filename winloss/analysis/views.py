"""SOP step 8 pages: drivers, cuts, competitors, the perception gap and trends, each figure
opening the excerpts behind it. Filters live in the URL, so a view can be shared."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.coding.models import CodedExcerpt
from winloss.lib.charts import paired_bars
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from .cuts import CUTS
from .drivers import outcome_label
from .figures import analysis
from .scope import FILTERS, scope_from


@workspace_view(Cap.VIEW_EVIDENCE)
def step_page(request, ws, program):
    program_obj = get_workspace_object(request, Program, program)
    scope = scope_from(program_obj, request.GET)
    figures = analysis(scope)
    context = {
        "figures": figures,
        "query": request.GET.urlencode(),
        "filters": scope.filters,
        "filter_names": list(FILTERS),
        "outcome_label": outcome_label,
        "cut_labels": {k: v[0] for k, v in CUTS.items()},
    }
    if request.htmx:
        return render(request, "analysis/_figures.html", {"program": program_obj, **context})
    return render_step(request, program, "analyse", "analysis/analyse.html", context)


@workspace_view(Cap.VIEW_EVIDENCE)
def excerpts(request, ws, program):
    """Drill-down: exactly the excerpts that make up a figure (theme, direction, filters)."""
    program_obj = get_workspace_object(request, Program, program)
    scope = scope_from(program_obj, request.GET)
    rows = (
        CodedExcerpt.objects.filter(interview__in=scope.interviews().values("pk"))
        .select_related("theme", "interview__entry__deal", "competitor")
        .order_by("interview_id", "pk")
    )
    if request.GET.get("theme"):
        rows = rows.filter(theme__slug=request.GET["theme"])
    if request.GET.get("direction"):
        rows = rows.filter(direction=request.GET["direction"])
    return render_step(
        request,
        program,
        "analyse",
        "analysis/excerpts.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("page")), "params": request.GET},
    )


@workspace_view(Cap.VIEW_EVIDENCE)
def drivers_chart(request, ws, program):
    program_obj = get_workspace_object(request, Program, program)
    figures = analysis(scope_from(program_obj, request.GET))
    top = figures["drivers"][:10]
    svg = paired_bars(
        "Win and loss drivers: share of interviews",
        [f"{d['name']} ({'win' if d['direction'] == 'win_driver' else 'loss'})" for d in top],
        {"All interviews": [d["share"] or 0 for d in top]},
    )
    return HttpResponse(svg, content_type="image/svg+xml")
