from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "winloss.surveys"
    label = "surveys"
    verbose_name = "Buyer surveys"

    def ready(self) -> None:
        from winloss.outreach.surveyed import surveys_from

        from .sending.hooks import HOOKS

        # Outreach (an earlier stage) sends, reminds and records consent for responses too.
        surveys_from(HOOKS)
