from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "winloss.programs"
    verbose_name = "Programs"

    def ready(self) -> None:
        from winloss.deals.signals import contacts_linked

        from . import cards  # noqa: F401  (registers the Scope and Sample cards)
        from .sampling.services import give_respondents_on_signal

        contacts_linked.connect(give_respondents_on_signal, dispatch_uid="programs.respondents")
