from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "winloss.activity"
    verbose_name = "Audit trail"
