from winloss.accounts.access import workspace_view
from winloss.accounts.roles import Cap
from winloss.programs.steps import render_step


@workspace_view(Cap.VIEW)
def step_page(request, ws, program):
    return render_step(request, program, "actions")
