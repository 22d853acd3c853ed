"""Large imports as background jobs: the upload is stored (``stored``), a task imports it, a
page polls."""

from typing import Any

from django.db import transaction

from winloss.deals.tasks import import_deals_file
from winloss.jobs.models import Job
from winloss.jobs.services import start_job

from .errors import ImportFailed
from .mappings import save_mapping
from .stored import store_upload


def start_deal_import(
    *,
    workspace,
    user,
    upload: Any = None,
    stored: str = "",
    file_name: str = "",
    file_format: str = "auto",
    columns: dict[str, str] | None = None,
    mapping_name: str = "",
    stage_outcomes: dict[str, str] | None = None,
    date_order: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    save_as: str = "",
) -> Job:
    """Store ``upload`` (or reuse ``stored``, the name of an earlier upload) and import it in
    the background; the job's ``result`` holds the counts, errors and mapping when it ends.

    The file is saved to the file storage before the transaction that starts the job:
    copying up to ``IMPORT_MAX_MB`` must not hold the database. ``save_as`` also keeps
    ``columns`` as a named mapping, in the same transaction: a mapping is kept only with the
    import it was made for."""
    if upload is None and not stored:
        raise ImportFailed("Choose a file to import.")
    if upload is not None:
        stored = store_upload(workspace=workspace, upload=upload, file_name=file_name)
    file_name = file_name or getattr(upload, "name", "") or "an uploaded file"
    verb = "Check" if dry_run else "Import"
    with transaction.atomic():
        if save_as.strip():
            save_mapping(workspace=workspace, user=user, name=save_as, columns=columns or {})
        return start_job(
            workspace=workspace,
            user=user,
            label=f"{verb} {file_name}"[:200],
            task=import_deals_file,
            path=stored,
            file_name=file_name,
            file_format=file_format,
            columns=columns,
            mapping_name=mapping_name,
            stage_outcomes=stage_outcomes,
            date_order=date_order,
            dry_run=dry_run,
            valid_only=valid_only,
        )
