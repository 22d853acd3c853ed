from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "winloss.coding"
    label = "coding"
    verbose_name = "Coding"
