from django_tasks import task

from .services import run_schedule


@task()
def run_scheduled(name: str) -> str:
    """One due run of the scheduled work ``name``, queued by ``scheduler.tick``."""
    return run_schedule(name)
