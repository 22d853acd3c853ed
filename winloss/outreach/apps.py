from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "winloss.outreach"
    label = "outreach"
    verbose_name = "Outreach and scheduling"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Schedule card)
