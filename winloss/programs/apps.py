from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "winloss.programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Scope and Sample cards)
