from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "winloss.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Actions card)
