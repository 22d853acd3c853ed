from django.apps import AppConfig


class HonorariaConfig(AppConfig):
    name = "winloss.honoraria"
    label = "honoraria"
    verbose_name = "Honoraria"

    def ready(self) -> None:
        from winloss.outreach import emails
        from winloss.programs.health.sections import section

        from .health import lift_section
        from .queries import offer_sentence

        # The invitation and consent texts (outreach, a lower stage) say what is offered.
        emails.honorarium_from(offer_sentence)
        # Program health shows the response rate with and without an offer.
        section("honoraria")(lift_section)
