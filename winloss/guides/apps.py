from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "winloss.guides"
    label = "guides"
    verbose_name = "Interview guides"

    def ready(self) -> None:
        from winloss.programs.signals import wave_started

        from . import cards  # noqa: F401  (registers the Guide card)
        from .services import carry_guide_into_new_wave

        wave_started.connect(carry_guide_into_new_wave, dispatch_uid="guides.carry_forward")
