from datetime import timedelta

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "winloss.outreach"
    label = "outreach"
    verbose_name = "Outreach and scheduling"

    def ready(self) -> None:
        from winloss.deals.signals import contacts_linked
        from winloss.jobs.schedules import register
        from winloss.lib.later import later

        from . import cards  # noqa: F401  (registers the Schedule card)

        contacts_linked.connect(
            later("winloss.outreach.services.give_appointments_their_respondent"),
            weak=False,
            dispatch_uid="outreach.respondents",
        )
        register(
            "outreach.reminders",
            label="Reminders to respondents who have not answered",
            run=later("winloss.outreach.reminders.send_due_reminders"),
            every=timedelta(hours=1),
            says=lambda sent: f"{sent} reminder{'s' if sent != 1 else ''} queued.",
        )
        register(
            "outreach.busy_calendars",
            label="Interviewers' free/busy calendars read again",
            run=later("winloss.outreach.calendars.refresh_busy_calendars"),
            every=timedelta(minutes=30),
            says=lambda counts: f"{counts[0]} read, {counts[1]} could not be read.",
        )
