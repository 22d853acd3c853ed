from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "winloss.outreach"
    label = "outreach"
    verbose_name = "Outreach and scheduling"

    def ready(self) -> None:
        from winloss.deals.signals import contacts_linked

        from . import cards  # noqa: F401  (registers the Schedule card)
        from .services import give_appointments_their_respondent

        contacts_linked.connect(
            give_appointments_their_respondent, dispatch_uid="outreach.respondents"
        )
