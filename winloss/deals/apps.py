from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "winloss.deals"
    verbose_name = "Deals"
