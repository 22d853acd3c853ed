from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    name = "winloss.evidence"
    label = "evidence"
    verbose_name = "Evidence library"

    def ready(self) -> None:
        from .fulltext import keep_installed

        # On SQLite a later migration that rebuilds the excerpts' table drops its triggers;
        # after every migrate the search index is put back (and refilled) if they are gone.
        post_migrate.connect(keep_installed, sender=self, dispatch_uid="evidence_fulltext")
