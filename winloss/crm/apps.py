from datetime import timedelta

from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "winloss.crm"
    label = "crm"
    verbose_name = "CRM sync"

    def ready(self) -> None:
        from winloss.interviews.signals import interview_validated
        from winloss.jobs.schedules import register

        from .sync import sync_enabled_connections
        from .triggers import send_due_trigger_invitations
        from .writeback import on_interview_validated

        interview_validated.connect(on_interview_validated, dispatch_uid="crm.write_back")

        # Hourly: deals close during the day, and an interview invitation should follow soon.
        register(
            "crm.sync",
            label="Syncing deals from each connected CRM",
            run=sync_enabled_connections,
            every=timedelta(hours=1),
            says=lambda runs: f"{runs} CRM sync{'s' if runs != 1 else ''} run.",
        )
        # Triggered invitations wait hours, not minutes: a quarter hour late is on time.
        register(
            "crm.trigger_invitations",
            label="Invitations of deals added when they closed",
            run=send_due_trigger_invitations,
            every=timedelta(minutes=15),
            says=lambda sent: f"{sent} invitation{'s' if sent != 1 else ''} sent.",
        )
