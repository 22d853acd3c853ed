from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "winloss.activity"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from .display import gather

        gather()  # every stage's log sentences, from its sentences.py
