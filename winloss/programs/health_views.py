"""Program health: the page, its charts and the sample-size planner."""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.charts import paired_bars

from .health.coverage import DIMENSIONS, coverage
from .health.planner import PlannerForm, plan
from .health.sections import sections_for
from .health.summary import program_health
from .models import Program
from .sampling.services import current_draw
from .steps import render_step


@workspace_view(Cap.VIEW_EVIDENCE)
def health(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    form = PlannerForm(request.GET or None, initial={"interviews": program.target_sample_size})
    planned = plan(form, default_interviews=program.target_sample_size)
    return render_step(
        request,
        program,
        "sample",
        "programs/health.html",
        {
            "health": program_health(program),
            "sections": sections_for(program),
            "planner": form,
            "plan": planned,
        },
    )


@cache_control(private=True, max_age=60)
@workspace_view(Cap.VIEW_EVIDENCE)
def health_chart(request, ws, program_id, dimension):
    program = get_workspace_object(request, Program, program_id)
    if dimension not in DIMENSIONS:
        raise Http404("No such chart.")
    cov = coverage(program, dimension, current_draw(program))
    rows = cov.shares
    series = {
        "Closed pipeline": [p for _, p, _, _ in rows],
        "Sample": [s for _, _, s, _ in rows],
    }
    if cov.totals[2]:  # an "Interviewed" bar of zeros says nothing before the first interview
        series["Interviewed"] = [i for _, _, _, i in rows]
    svg = paired_bars(f"Coverage by {cov.label.lower()}", [r.key for r, *_ in rows], series)
    return HttpResponse(svg, content_type="image/svg+xml")
