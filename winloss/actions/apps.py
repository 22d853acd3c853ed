from datetime import time

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "winloss.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        from winloss.jobs.schedules import register
        from winloss.lib.later import later

        from . import cards  # noqa: F401  (registers the Actions card)

        # In the morning, so owners read it as they start their day.
        register(
            "actions.reminders",
            label="Reminders of overdue actions and due follow-ups",
            run=later("winloss.actions.services.send_reminders"),
            at=time(8, 0),
            says=lambda sent: f"{sent} reminder{'s' if sent != 1 else ''} sent.",
        )
