from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "winloss.actions"
    label = "actions"
    verbose_name = "Actions"
