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
    """Record who is invited (one quick transaction), then write their links and emails chunk
    by chunk, the job's page counting them. Retried after its worker died midway, it finishes
    the invitations already recorded and records nobody new."""
    with running(job_id) as job:
        program = Program.objects.select_related("workspace").get(pk=program_id)
        pending = services.uninvited(program).count()
        if pending:
            invited, used = pending, seed
        else:
            try:
                sent = services.record_send(
                    program, user=job.created_by, mode=mode, share_percent=share_percent, seed=seed
                )
            except SurveyError as error:
                raise JobError(str(error)) from None
            invited, used = sent.invited, sent.seed
        job.report(0, invited, message="Writing the invitations")
        written = services.write_invitations(program, report=job.report)
        job.report(written, written, message=f"Invitations written: {written:,}")
        job.result = {"invited": invited, "seed": used}
        job.total = job.done = written
        job.result_url = reverse(
            "survey_sending:responses",
            kwargs={"ws": program.workspace.slug, "program_id": program.pk},
        )
