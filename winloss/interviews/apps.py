from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "winloss.interviews"
    label = "interviews"
    verbose_name = "Interviews"
