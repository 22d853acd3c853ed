"""Large imports as background jobs: the upload is stored, a task imports it, a page polls.

Uploads are kept under ``MEDIA_ROOT/imports/<workspace id>/`` with a random name (never the
uploaded one, which is the person's to choose and may say anything), so a dry run and the
real import that follows can read the same stored file.
"""

import secrets
import shutil
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from winloss.jobs.models import Job
from winloss.jobs.services import start_job

from .errors import ImportFailed
from .mappings import save_mapping
from .reading import max_bytes

SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}


def imports_folder(workspace) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(workspace.pk)


def store_upload(*, workspace, upload: Any, file_name: str = "") -> str:
    """Save an uploaded file (a Django ``UploadedFile`` or a binary file); its stored path,
    relative to ``MEDIA_ROOT``. Refuses a file over the import size limit before writing it."""
    name = file_name or getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes():
        raise ImportFailed(
            f"The file is {size / 1024**2:.0f} MB; an import takes at most "
            f"{max_bytes() // 1024**2} MB. Split it into smaller files."
        )
    suffix = Path(name).suffix.lower()
    folder = imports_folder(workspace)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_urlsafe(16)}{suffix if suffix in SUFFIXES else ''}"
    with path.open("wb") as out:
        if hasattr(upload, "chunks"):
            for chunk in upload.chunks():
                out.write(chunk)
        else:
            _copy(upload, out)
    return str(path.relative_to(settings.MEDIA_ROOT))


def _copy(source: IO[bytes], out: IO[bytes]) -> None:
    source.seek(0)
    shutil.copyfileobj(source, out, length=1024 * 1024)


def stored_path(relative: str) -> Path:
    """The stored file for a task's ``path``; refuses anything outside the imports folder."""
    root = (Path(settings.MEDIA_ROOT) / "imports").resolve()
    try:
        path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    except (ValueError, OSError):  # a NUL byte, a name too long: not one we stored
        raise ImportFailed("The stored upload is not in the imports folder.") from None
    if root not in path.parents:
        raise ImportFailed("The stored upload is not in the imports folder.")
    return path


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
    """Store ``upload`` (or reuse ``stored``, a path from an earlier upload) and import it in
    the background; the job's ``result`` holds the counts, errors and mapping when it ends.

    The file is copied to disk before the transaction that starts the job: copying up to
    ``IMPORT_MAX_MB`` must not hold the database. ``save_as`` also keeps ``columns`` as a
    named mapping, in the same transaction: a mapping is kept only with the import it was
    made for."""
    from winloss.deals.tasks import import_deals_file

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
