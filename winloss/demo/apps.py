from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "winloss.demo"
    label = "demo"
    verbose_name = "Demo workspace"
