from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "winloss.surveys"
    label = "surveys"
    verbose_name = "Buyer surveys"

    def ready(self) -> None:
        from winloss.programs.health.sections import section

        from .builder import cards  # noqa: F401  (registers the Survey card)
        from .health import survey_health

        # Program health (a lower stage) shows the surveys' response rate and deals heard.
        section("surveys")(survey_health)

        from winloss.outreach.surveyed import surveys_from
        from winloss.programs.signals import wave_started

        from .builder.services import carry_survey_into_new_wave

        # A new wave's survey starts as a copy of the last approved one, as its guide does.
        wave_started.connect(carry_survey_into_new_wave, dispatch_uid="surveys.carry_forward")

        from .sending.hooks import HOOKS

        # Outreach (an earlier stage) sends, reminds and records consent for responses too.
        surveys_from(HOOKS)
