from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "winloss.coding"
    label = "coding"
    verbose_name = "Coding"

    def ready(self) -> None:
        from winloss.accounts.signals import workspace_created

        from . import cards  # noqa: F401  (registers the Code card)
        from .codebook.services import seed_new_workspace

        workspace_created.connect(seed_new_workspace, dispatch_uid="coding.seed_new_workspace")
