from django.apps import AppConfig


class OperateConfig(AppConfig):
    name = "winloss.operate"
    label = "operate"
    verbose_name = "Operate"
