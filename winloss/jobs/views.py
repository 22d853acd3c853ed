from django.shortcuts import render

from winloss.accounts.access import get_workspace_object, workspace_view
from winloss.accounts.roles import Cap

from .models import Job


@workspace_view(Cap.VIEW)
def job_detail(request, ws, job):
    job = get_workspace_object(request, Job, job)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})
