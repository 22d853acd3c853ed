from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "winloss.surveys"
    label = "surveys"
    verbose_name = "Buyer surveys"
