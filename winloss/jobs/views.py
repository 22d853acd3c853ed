from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, get_workspace_object, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message

from .models import Job
from .services import retry_job


@workspace_view(Cap.VIEW)
def job_detail(request, ws, job_id):
    job = get_workspace_object(request, Job, job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@require_POST
@workspace_view(Cap.VIEW)
def job_retry(request, ws, job_id):
    """Whoever started the job, or a workspace admin, may start it again."""
    job = get_workspace_object(request, Job, job_id)
    if job.created_by_id != request.user.pk and not can(request, Cap.MANAGE_WORKSPACE):
        raise PermissionDenied("Only the person who started this job or an admin may retry it.")
    with errors_as_message(request):
        retry = retry_job(job=job, user=request.user)
        messages.success(request, "The job was started again.")
        return redirect("jobs:detail", ws=ws, job_id=retry.pk)
    return redirect("jobs:detail", ws=ws, job_id=job.pk)
