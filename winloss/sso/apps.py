from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "winloss.sso"
    label = "sso"
    verbose_name = "Single sign-on"
