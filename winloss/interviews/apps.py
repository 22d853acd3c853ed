from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "winloss.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from . import cards  # noqa: F401  (registers the Interviews card)
