from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "winloss.escalations"
    label = "escalations"
    verbose_name = "Escalations"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Escalate card)
