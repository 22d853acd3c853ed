import datetime as dt

from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "winloss.digests"
    label = "digests"
    verbose_name = "Subscriptions and digests"

    def ready(self) -> None:
        from winloss.jobs.schedules import register
        from winloss.lib.later import later

        # Daily, but each member gets one digest a week (``DigestSent``): the first morning of
        # the week that has something new for them, Monday's when there is.
        register(
            "digests.weekly",
            label="Weekly digests of followed themes, competitors, segments and programs",
            run=later("winloss.digests.services.send_digests"),
            at=dt.time(7, 0),
            says=lambda sent: f"{sent} digest{'s' if sent != 1 else ''} sent.",
        )
        register(
            "digests.summaries",
            label="Telling account teams their deal's interview summary is ready",
            run=later("winloss.digests.services.send_summary_notices"),
            every=dt.timedelta(minutes=15),
            says=lambda sent: f"{sent} account team{'s' if sent != 1 else ''} told.",
        )
