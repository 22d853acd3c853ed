from winloss.accounts.access import workspace_view
from winloss.accounts.roles import Cap
from winloss.programs.steps import render_step


@workspace_view(Cap.VIEW_EVIDENCE)
def interview_list(request, ws, program):
    return render_step(request, program, "interviews")


@workspace_view(Cap.VIEW_EVIDENCE)
def validate(request, ws, program):
    return render_step(request, program, "validate")
