from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "winloss.outreach"
    label = "outreach"
    verbose_name = "Outreach and scheduling"
