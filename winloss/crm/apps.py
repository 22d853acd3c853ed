from datetime import timedelta

from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "winloss.crm"
    label = "crm"
    verbose_name = "CRM sync"

    def ready(self) -> None:
        from winloss.interviews.signals import interview_validated
        from winloss.jobs.schedules import register
        from winloss.lib.later import later

        # Named, not imported: the sync and the write-back load the CRM clients and the deal
        # imports, which a command or a page that does not use them should not pay for.
        interview_validated.connect(
            later("winloss.crm.writeback.on_interview_validated"),
            weak=False,
            dispatch_uid="crm.write_back",
        )

        # Hourly: deals close during the day, and an interview invitation should follow soon.
        register(
            "crm.sync",
            label="Syncing deals from each connected CRM",
            run=later("winloss.crm.sync.sync_enabled_connections"),
            every=timedelta(hours=1),
            says=lambda runs: f"{runs} CRM sync{'s' if runs != 1 else ''} run.",
        )
        # Triggered invitations wait hours, not minutes: a quarter hour late is on time.
        register(
            "crm.trigger_invitations",
            label="Invitations of deals added when they closed",
            run=later("winloss.crm.triggers.send_due_trigger_invitations"),
            every=timedelta(minutes=15),
            says=lambda sent: f"{sent} invitation{'s' if sent != 1 else ''} sent.",
        )
