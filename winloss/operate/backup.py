"""``back_up``: the database and every stored file, in one archive that a restore can check.

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
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from .archive import (
    DATABASE,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    copy_hashing,
    engine_of,
    last_line,
    member,
    pg_environment,
    pg_tool,
    schema_of,
    winloss_version,
)


def back_up(
    *, out: Path, using: str = DEFAULT_DB_ALIAS, media_root: Path | None = None
) -> dict[str, Any]:
    """Write the backup archive to ``out`` and return its manifest."""
    connection = connections[using]
    engine = engine_of(connection)
    out = Path(out).absolute()
    if not out.parent.is_dir():
        raise BackupError(f"The folder {out.parent} does not exist; create it first.")
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give the archive's file name, e.g. {out}/x.zip.")
    media = Path(media_root or settings.MEDIA_ROOT)

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
            manifest = _write(file, engine, connection, media, Path(staging))
            file.flush()
            os.fsync(file.fileno())
        part.replace(out)
    except OSError as error:  # a full disk, a file that cannot be read
        part.unlink(missing_ok=True)
        raise BackupError(f"Could not write {out}: {error}.") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return manifest


def _write(
    file: IO[bytes], engine: str, connection: BaseDatabaseWrapper, media: Path, staging: Path
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
        for path in sorted(media.rglob("*")) if media.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                added = _add(zf, path, MEDIA + path.relative_to(media).as_posix())
                if added:
                    members.append(added)
        manifest = {
            "format": FORMAT,
            "winloss": winloss_version(),
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
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


def _dump_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # SQLite's online backup copies a consistent snapshot while the app keeps writing; it
    # works from the live connection, so an in-memory database is copied too.
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"Could not copy the SQLite database: {error}.") from None
    finally:
        target.close()


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
