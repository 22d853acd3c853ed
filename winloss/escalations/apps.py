from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "winloss.escalations"
    label = "escalations"
    verbose_name = "Escalations"
