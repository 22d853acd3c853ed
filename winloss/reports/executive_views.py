"""The executive view of a workspace and the report across a program's waves: reads only,
gated as the report is (``executive.py``, ``waves.py``)."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.programs.models import Program
from winloss.programs.steps import render_step

from .executive import executive_view
from .formats import charts_of, draw_chart, waves_context
from .models import CONTENT_TYPES, Format
from .waves import waves_content, waves_pdf


@workspace_view(Cap.VIEW)
def executive_page(request, ws):
    team = can(request, Cap.VIEW_EVIDENCE)
    return render(
        request,
        "reports/executive.html",
        {"x": executive_view(request.workspace, request.user, team=team)},
    )


@workspace_view(Cap.VIEW)
def waves_page(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    content = waves_content(program)
    context = waves_context(content, src=lambda name: f"{name}.svg")
    return render_step(request, program, "report", "reports/waves.html", context)


@workspace_view(Cap.VIEW)
def waves_chart(request, ws, program_id):
    content = waves_content(get_workspace_object(request, Program, program_id))
    if "trends" not in charts_of(content):
        return HttpResponse(status=404)
    return HttpResponse(draw_chart("trends", content), content_type="image/svg+xml")


@workspace_view(Cap.VIEW)
def waves_file(request, ws, program_id):
    program = get_workspace_object(request, Program, program_id)
    with errors_as_message(request):
        data = waves_pdf(waves_content(program))
        response = HttpResponse(data, content_type=CONTENT_TYPES[Format.PDF])
        name = slugify(f"win-loss across waves {program.name}")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return redirect("reports:waves", ws=ws, program_id=program.pk)
