"""The files winloss keeps — CRM uploads, rejected rows, published report files — live in
Django's default storage (``STORAGES["default"]``): a folder under ``DATA_DIR`` unless the
settings name an S3-compatible bucket (``docs/deploy.md``, "Shared files").

Code reads and writes them through the storage API only (save, open, listdir, delete), never
by path, so every app and worker process sees the same files whichever storage is set. A file
is never replaced: a name already taken gets a free one beside it (the file system's rule, and
the S3 storage's with ``file_overwrite`` off). Nothing is served from the storage by address:
people reach a file only through winloss's own permission-checked views.
"""

import posixpath
import sys
from collections.abc import Iterator

from django.core.files.storage import FileSystemStorage, Storage, default_storage


def walk(folder: str = "", *, storage: Storage | None = None) -> Iterator[str]:
    """The name of every file under ``folder`` (all of them by default), in sorted order:
    what a backup archives, what a purge looks through."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a folder on disk not made yet; a bucket has no folders
        return
    names = [posixpath.join(folder, name) for name in files]
    names += [posixpath.join(folder, name) + "/" for name in folders]
    for name in sorted(names):
        if name.endswith("/"):
            yield from walk(name.rstrip("/"), storage=storage)
        else:
            yield name


def where(storage: Storage | None = None) -> str:
    """Where the files are, for a message an operator reads."""
    storage = storage or default_storage
    if isinstance(storage, FileSystemStorage):  # the lazy default storage passes too
        return str(storage.location)
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        endpoint = getattr(storage, "endpoint_url", None)
        return f"the bucket {bucket}" + (f" at {endpoint}" if endpoint else "")
    return type(storage).__name__


def storage_failures() -> tuple[type[Exception], ...]:
    """What a storage raises when it cannot do what was asked, to catch and say in a line:
    ``OSError`` from a folder; from a bucket, botocore's errors too. Those are named only once
    botocore is loaded (by the S3 storage, on first use): it is slow to import for nothing,
    and raises nothing before it is loaded."""
    if "botocore" not in sys.modules:
        return (OSError,)
    from botocore.exceptions import BotoCoreError, ClientError

    return (OSError, BotoCoreError, ClientError)
