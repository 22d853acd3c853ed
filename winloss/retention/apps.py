from datetime import time

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "winloss.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from winloss.jobs.schedules import register
        from winloss.lib.later import later
        from winloss.outreach import consent

        from .queries import promised_days

        # The consent texts (a lower stage) say how long words are kept: this policy's days.
        consent.retention_days_from(promised_days)
        # At night, when nobody is reading the words it empties.
        register(
            "retention.purge",
            label="Retention purge of every workspace",
            run=later("winloss.retention.services.purge_every_workspace"),
            at=time(3, 0),
            says=_said,
        )


def _said(runs: list) -> str:
    interviews = sum(run.interviews for run in runs)
    return (
        f"{len(runs)} workspace{'s' if len(runs) != 1 else ''} purged: "
        f"{interviews} interview{'s' if interviews != 1 else ''} emptied."
    )
