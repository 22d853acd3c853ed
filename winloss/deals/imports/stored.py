"""Uploaded CRM files kept for an import.

Uploads are kept in the file storage (``lib.files``) under ``imports/<workspace id>/`` with a
random name (never the uploaded one, which is the person's to choose and may say anything), so
a dry run and the real import that follows — perhaps in a worker on another machine — read
the same stored file.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import default_storage

from winloss.lib.tables.reading import max_bytes

from .errors import ImportFailed

SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
FOLDER = "imports"


def imports_folder(workspace) -> str:
    """The workspace's folder in the file storage."""
    return f"{FOLDER}/{workspace.pk}"


def store_upload(*, workspace, upload: Any, file_name: str = "") -> str:
    """Save an uploaded file (a Django ``UploadedFile`` or a binary file); its name in the
    file storage. Refuses a file over the import size limit before writing it."""
    name = file_name or getattr(upload, "name", "") or ""
    content = upload if isinstance(upload, File) else File(upload)
    size = content.size
    if size is not None and size > max_bytes():
        raise ImportFailed(
            f"The file is {size / 1024**2:.0f} MB; an import takes at most "
            f"{max_bytes() // 1024**2} MB. Split it into smaller files."
        )
    suffix = PurePosixPath(name).suffix.lower()
    stored = f"{secrets.token_urlsafe(16)}{suffix if suffix in SUFFIXES else ''}"
    return default_storage.save(f"{imports_folder(workspace)}/{stored}", content)


def stored_name(name: str) -> str:
    """A task's or a page's ``name`` of a stored upload, if it names one in the imports folder
    (a workspace's own folder is the caller's to check); ``ImportFailed`` otherwise."""
    parts = PurePosixPath(name).parts
    if (
        len(parts) < 3
        or parts[0] != FOLDER
        or ".." in parts
        or any(c in name for c in "\\\0")
        or name.startswith("/")
    ):
        raise ImportFailed("The stored upload is not in the imports folder.")
    return name


@contextmanager
def open_upload(name: str) -> Iterator[IO[bytes]]:
    """The stored upload ``name``, open for reading (``stored_name`` checks it first)."""
    try:
        handle = default_storage.open(stored_name(name), "rb")
    except FileNotFoundError:
        raise ImportFailed(
            "The uploaded file is no longer kept (uploads are deleted after a few days); "
            "upload it again."
        ) from None
    with handle:
        yield handle
