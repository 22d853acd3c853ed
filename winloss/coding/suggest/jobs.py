"""Starting the suggestion engine's long work as jobs (SOP step 7): suggesting themes for a
program's uncoded passages and retraining from the accepted codes. One of each runs at a time
for a program; the coding screen shows how it goes."""

from typing import Any

from django.db import transaction
from django_tasks.base import Task

from winloss.accounts.models import User
from winloss.jobs.services import start_job
from winloss.programs.models import Program

from .. import services
from ..models import CodingJob
from ..tasks import retrain_model, suggest_for_program


def _start(
    *,
    program: Program,
    user: User,
    kind: str,
    label: str,
    task: Task[..., None],
    **kwargs: Any,
) -> CodingJob:
    running = CodingJob.objects.filter(
        program=program, kind=kind, job__status__in=["queued", "running"]
    )
    if running.exists():
        raise services.CodingError("That job is already running for this program.")
    job = start_job(workspace=program.workspace, user=user, label=label, task=task, **kwargs)
    return CodingJob.objects.create(program=program, job=job, kind=kind)


@transaction.atomic
def start_program_suggestions(*, program: Program, user: User) -> CodingJob:
    return _start(
        program=program,
        user=user,
        kind=CodingJob.Kind.SUGGEST,
        label=f"Suggest themes for {program.name}"[:200],
        task=suggest_for_program,
        program_id=program.pk,
    )


@transaction.atomic
def start_retraining(*, program: Program, user: User) -> CodingJob:
    return _start(
        program=program,
        user=user,
        kind=CodingJob.Kind.RETRAIN,
        label="Retrain theme suggestions from the accepted codes",
        task=retrain_model,
        workspace_id=program.workspace_id,
    )
