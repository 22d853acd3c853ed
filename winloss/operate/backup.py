"""``back_up``: the database and every stored file, in one archive that a restore can check.

The files are read through the file storage (``lib.files``), so a backup of an installation
that keeps them in an S3 bucket holds them too.

The archive is written to a hidden file beside its destination and renamed into place once it
is complete and on disk, so a backup that fails never leaves a half archive under its name.
"""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import tempfile
import zipfile
from contextlib import closing
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from winloss.lib.files import storage_failures, walk

from .archive import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    copy_hashing,
    copy_sqlite,
    engine_of,
    last_line,
    member,
    pg_environment,
    pg_tool,
    schema_of,
    winloss_version,
)


def back_up(
    *, out: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> dict[str, Any]:
    """Write the backup archive of the database ``using`` and every file in ``storage`` (the
    file storage by default) to ``out``; return its manifest."""
    connection = connections[using]
    engine = engine_of(connection)
    out = Path(out).absolute()
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist; create it first.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give the archive's file name, e.g. {out}/x.zip.")
    storage = storage or default_storage

    # Private from the first byte (mkstemp makes it 0600): it holds everyone's data.
    try:
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as error:
        raise BackupError(f"Could not write in {out.parent}: {error.strerror}.") from None
    part = Path(name)
    try:
        with (
            os.fdopen(handle, "wb") as file,
            tempfile.TemporaryDirectory(dir=out.parent, prefix=".winloss-backup-") as staging,
        ):
            manifest = _write(file, engine, connection, storage, Path(staging))
            file.flush()
            os.fsync(file.fileno())
        part.replace(out)
    except storage_failures() as error:  # a full disk, a file or bucket that cannot be read
        part.unlink(missing_ok=True)
        raise BackupError(f"Could not write {out}: {error}.") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return manifest


def _write(
    file: IO[bytes], engine: str, connection: BaseDatabaseWrapper, storage: Storage, staging: Path
) -> dict[str, Any]:
    schema = schema_of(connection)
    dump = staging / DATABASE[engine]
    if engine == "sqlite":
        _dump_sqlite(connection, dump)
    else:
        _dump_postgresql(connection, dump)
    members = []
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        # The custom-format dump is compressed already.
        stored = zipfile.ZIP_STORED if engine == "postgresql" else zipfile.ZIP_DEFLATED
        members.append(_add(zf, dump, DATABASE[engine], stored))
        # The database first, then the files: a file the snapshot names was stored before
        # its row was written, so it is still there unless a purge removed it since.
        created = dt.datetime.now(dt.UTC)
        for name in walk(storage=storage):
            added = _add_stored(zf, storage, name, created)
            if added:
                members.append(added)
        manifest = {
            "format": FORMAT,
            "winloss": winloss_version(),
            "created": created.isoformat(timespec="seconds"),
            "engine": engine,
            "schema": schema,
            "members": members,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return manifest


def _add(
    zf: zipfile.ZipFile, path: Path, name: str, compression: int = zipfile.ZIP_DEFLATED
) -> dict[str, Any] | None:
    """Stream one file into the archive, hashing what is written: the manifest describes the
    bytes archived, even if the file changes afterwards. None if it is gone (purged)."""
    try:
        info = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
        info.compress_type = compression
        with path.open("rb") as source, zf.open(info, "w") as target:
            size, sha256 = copy_hashing(source, target)
    except FileNotFoundError:
        return None
    return member(name, size, sha256)


def _add_stored(
    zf: zipfile.ZipFile, storage: Storage, name: str, created: dt.datetime
) -> dict[str, Any] | None:
    """Stream one stored file into the archive, as ``_add`` does; None if it is gone (purged).
    Dated with the backup: a bucket's modification times cost a request per file."""
    info = zipfile.ZipInfo(MEDIA + name, date_time=created.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16  # unpacked readable by its owner only, as the archive
    try:
        source = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with source, zf.open(info, "w") as target:
        size, sha256 = copy_hashing(source, target)
    return member(info.filename, size, sha256)


def _dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # SQLite's online backup copies a consistent snapshot while the app keeps writing; it
    # works from the live connection, so an in-memory database is copied too.
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as target:
        copy_sqlite(connection.connection, target, failure="Could not copy the SQLite database")


def _dump_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    done = subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={dump}"],
        env=pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BackupError(f"pg_dump failed: {last_line(done.stderr)}")
