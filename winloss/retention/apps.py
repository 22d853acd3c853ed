from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "winloss.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        from winloss.outreach import consent

        from .queries import promised_days

        # The consent texts (a lower stage) say how long words are kept: this policy's days.
        consent.retention_days_from(promised_days)
