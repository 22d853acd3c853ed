from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "winloss.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Report card)
