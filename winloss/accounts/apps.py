from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "winloss.accounts"
    label = "accounts"
    verbose_name = "People and workspaces"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy checks)
