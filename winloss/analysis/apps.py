from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "winloss.analysis"
    label = "analysis"
    verbose_name = "Analysis"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Analyse card)
