from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "winloss.analysis"
    label = "analysis"
    verbose_name = "Analysis"
