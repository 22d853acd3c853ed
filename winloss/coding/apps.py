from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "winloss.coding"
    label = "coding"
    verbose_name = "Coding"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Code card)
