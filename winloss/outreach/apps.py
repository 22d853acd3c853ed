from datetime import timedelta

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "winloss.outreach"
    label = "outreach"
    verbose_name = "Outreach and scheduling"

    def ready(self) -> None:
        from winloss.deals.signals import contacts_linked
        from winloss.jobs.schedules import register

        from . import cards  # noqa: F401  (registers the Schedule card)
        from .calendars import refresh_busy_calendars
        from .services import give_appointments_their_respondent, send_due_reminders

        contacts_linked.connect(
            give_appointments_their_respondent, dispatch_uid="outreach.respondents"
        )
        register(
            "outreach.reminders",
            label="Reminders to respondents who have not answered",
            run=send_due_reminders,
            every=timedelta(hours=1),
            says=lambda sent: f"{sent} reminder{'s' if sent != 1 else ''} queued.",
        )
        register(
            "outreach.busy_calendars",
            label="Interviewers' free/busy calendars read again",
            run=refresh_busy_calendars,
            every=timedelta(minutes=30),
            says=lambda counts: f"{counts[0]} read, {counts[1]} could not be read.",
        )
