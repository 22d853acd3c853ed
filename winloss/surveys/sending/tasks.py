"""A survey send as a background job: thousands of responses, links and messages are written
by a worker, while the coordinator's page follows the job."""

from django.urls import reverse
from django_tasks import task

from winloss.jobs.services import JobError, running
from winloss.programs.models import Program

from ..models import SurveyError
from . import services


@task()
def send_survey_batch(
    job_id: int, *, program_id: int, mode: str, share_percent: int | None, seed: int
) -> None:
    with running(job_id) as job:
        program = Program.objects.select_related("workspace").get(pk=program_id)
        try:
            sent = services.send_survey(
                program, user=job.created_by, mode=mode, share_percent=share_percent, seed=seed
            )
        except SurveyError as error:
            raise JobError(str(error)) from None
        job.result = {"invited": sent.invited, "seed": sent.seed}
        job.total = job.done = sent.invited
        job.result_url = reverse(
            "survey_sending:responses",
            kwargs={"ws": program.workspace.slug, "program_id": program.pk},
        )
