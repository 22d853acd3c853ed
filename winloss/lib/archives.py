"""Refusing a ZIP-based file (.docx, .xlsx) that would unpack to far more than it weighs.

A few hundred kilobytes of repeated XML can unpack to gigabytes ("zip bomb"); parsing that
takes minutes and gigabytes of memory. The sizes each member declares are read from the
archive's directory without unpacking anything, and they bound what Python's ``zipfile``
(which python-docx and openpyxl read through) will ever hand out: a member that unpacks past
its declared size is cut off there and fails its checksum. So checking the declared sizes
before parsing refuses a hostile file in milliseconds, whatever it really holds.

The limits are settings (``ARCHIVE_MAX_RATIO``, and the unpacked size the caller passes).
"""

import zipfile
from typing import IO

from django.conf import settings

from .errors import DomainError

# Below this, a high ratio is harmless (a short document of repeated text compresses well).
RATIO_FLOOR = 1024 * 1024


class ArchiveRefused(DomainError, ValueError):
    """The archive is too large unpacked, or compresses suspiciously well; says which."""


def check_archive(handle: IO[bytes], *, max_unpacked: int) -> None:
    """Raise ``ArchiveRefused`` unless the archive in ``handle`` unpacks to at most
    ``max_unpacked`` bytes and to at most ``ARCHIVE_MAX_RATIO`` times its own size."""
    handle.seek(0, 2)
    packed = max(handle.tell(), 1)
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise ArchiveRefused("it is damaged: its table of contents cannot be read") from None
    finally:
        handle.seek(0)
    if unpacked > max_unpacked:
        raise ArchiveRefused(
            f"it unpacks to {_mb(unpacked)}, more than the {_mb(max_unpacked)} allowed"
        )
    ratio = settings.ARCHIVE_MAX_RATIO
    if unpacked > RATIO_FLOOR and unpacked > ratio * packed:
        raise ArchiveRefused(
            f"it unpacks to {_mb(unpacked)} from {_mb(packed)}, more than {ratio} times its "
            "size, which no ordinary document does"
        )


def _mb(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB" if size >= 1024**2 else f"{size / 1024:,.0f} KB"
