"""Uploaded CRM files kept for an import.

Uploads are kept under ``MEDIA_ROOT/imports/<workspace id>/`` with a random name (never the
uploaded one, which is the person's to choose and may say anything), so a dry run and the
real import that follows can read the same stored file.
"""

import secrets
import shutil
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from winloss.lib.tables.reading import max_bytes

from .errors import ImportFailed

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
