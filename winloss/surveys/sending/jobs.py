"""Starting a survey send as a background job (the task calls the services; this module is
the one that knows the task, so neither imports the other back)."""

from winloss.accounts.models import User
from winloss.jobs.models import Job
from winloss.jobs.services import start_job
from winloss.programs.models import Program

from ..models import SendMode, SurveyError
from .queries import approved_survey
from .services import check_mode, new_seed
from .tasks import send_survey_batch


def start_survey_send(
    program: Program,
    *,
    user: User,
    mode: str = SendMode.ALL,
    share_percent: int | None = None,
    seed: int | None = None,
) -> Job:
    """``send_survey`` as a background job (a send may reach tens of thousands of buyers);
    what can be refused at once is refused here, before anything is queued."""
    check_mode(mode, share_percent)
    if approved_survey(program) is None:
        raise SurveyError("Approve the survey before sending it: nothing was sent.")
    return start_job(
        workspace=program.workspace,
        user=user,
        label=f"Send the survey of {program.name}"[:200],
        task=send_survey_batch,
        program_id=program.pk,
        mode=mode,
        share_percent=share_percent if mode == SendMode.SHARE else None,
        seed=new_seed() if seed is None else seed,
    )
