from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "winloss.guides"
    label = "guides"
    verbose_name = "Interview guides"
