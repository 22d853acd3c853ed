"""Background work for coding: suggesting themes for a program, retraining the model."""

from django.urls import reverse
from django_tasks import task

from winloss.accounts.models import Workspace
from winloss.jobs.services import running
from winloss.programs.models import Program

from .suggest import services as suggestion_services


@task()
def suggest_for_program(job_id: int, *, program_id: int) -> None:
    with running(job_id) as job:
        program = Program.objects.get(pk=program_id)
        stored = suggestion_services.suggest_program(
            program, progress=lambda done, total: job.report(done, total)
        )
        job.report(job.done, job.total, f"{stored} suggestions to review on the coding screens.")
        job.result = {"suggestions": stored}
        job.result_url = reverse(
            "coding:code", kwargs={"ws": program.workspace.slug, "program_id": program.pk}
        )


@task()
def retrain_model(job_id: int, *, workspace_id: int) -> None:
    with running(job_id) as job:
        job.report(0, 1, "Learning from the accepted codes")
        stored = suggestion_services.retrain(Workspace.objects.get(pk=workspace_id))
        job.report(1, 1, f"Learned from {stored.examples} coded excerpts.")
        job.result = {"examples": stored.examples}
