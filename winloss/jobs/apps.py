from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "winloss.jobs"
    label = "jobs"
    verbose_name = "Background work"
