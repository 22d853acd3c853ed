from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "winloss.guides"
    label = "guides"
    verbose_name = "Interview guides"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Guide card)
