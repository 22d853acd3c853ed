from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "winloss.surveys"
    label = "surveys"
    verbose_name = "Buyer surveys"

    def ready(self) -> None:
        from .builder import cards  # noqa: F401  (registers the Survey card)
