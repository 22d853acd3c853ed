from datetime import timedelta

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "winloss.jobs"
    label = "jobs"
    verbose_name = "Background work"

    def ready(self) -> None:
        from .schedules import register
        from .services import fail_stale_jobs

        register(
            "jobs.stale",
            label="Failing the jobs whose worker stopped",
            run=fail_stale_jobs,
            every=timedelta(minutes=5),
            says=lambda failed: f"{failed} stopped job{'s' if failed != 1 else ''} marked failed.",
        )
