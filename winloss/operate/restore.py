"""``restore``: a backup archive into an empty database and an empty file storage.

Everything is checked before anything is written: the manifest, every member's size and
sha256, the schema against this code's migrations, and that the targets are empty. Then the
database is restored with the engine's own means and migrated to the current schema.
"""

import json
import sqlite3
import subprocess
import tempfile
import zipfile
import zlib
from contextlib import closing
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from winloss.lib.files import storage_failures, walk, where

from .archive import (
    DATABASE,
    ENGINE_NAMES,
    FORMAT,
    MANIFEST,
    MEDIA,
    BackupError,
    copy_hashing,
    copy_sqlite,
    engine_of,
    last_line,
    pg_environment,
    pg_tool,
)


def restore(
    *, archive: Path, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> dict[str, Any]:
    """Restore ``archive`` into the database ``using`` and ``storage`` (the file storage by
    default: a folder or an S3 bucket); return its manifest."""
    connection = connections[using]
    engine = engine_of(connection)
    storage = storage or default_storage
    archive = Path(archive)
    try:
        zf = zipfile.ZipFile(archive)
    except FileNotFoundError:
        raise BackupError(f"There is no file {archive}.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(
            f"{archive} is not a readable ZIP archive (truncated or damaged?): {error}."
        ) from None
    with zf:
        manifest = _manifest(zf, archive)
        _check_engine(manifest, engine)
        _verify(zf, manifest, archive)
        _check_schema(manifest)
        _check_empty(connection, storage)
        try:
            _write(zf, manifest, engine, connection, storage)
        except storage_failures() as error:  # a full disk, a folder or bucket not writable
            raise BackupError(f"Could not restore {archive}: {error}.") from None
    # An older backup reaches the schema of the code that restores it.
    call_command("migrate", database=using, interactive=False, verbosity=0)
    return manifest


def _write(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    engine: str,
    connection: BaseDatabaseWrapper,
    storage: Storage,
) -> None:
    """The database, then the files: everything was checked before this is called."""
    with tempfile.TemporaryDirectory(prefix="winloss-restore-") as staging:
        dump = Path(staging) / DATABASE[engine]
        with zf.open(DATABASE[engine]) as source, dump.open("wb") as target:
            copy_hashing(source, target)
        if engine == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump)
    for entry in manifest["members"]:
        if entry["path"].startswith(MEDIA):
            name = entry["path"].removeprefix(MEDIA)
            with zf.open(entry["path"]) as source:
                kept = storage.save(name, File(source, name))
            if kept != name:  # the storage was checked empty: another process writes in it
                raise BackupError(
                    f"{name} was restored as {kept}: something else writes in {where(storage)}."
                )


def _manifest(zf: zipfile.ZipFile, archive: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{archive} has no {MANIFEST}: it is not a winloss backup.") from None
    except (ValueError, zipfile.BadZipFile, zlib.error, OSError) as error:
        raise BackupError(f"{archive}'s {MANIFEST} is damaged: {error}.") from None
    keys = {"format", "engine", "schema", "members"}
    if not isinstance(manifest, dict) or not keys <= set(manifest):
        raise BackupError(f"{archive}'s {MANIFEST} lacks {', '.join(sorted(keys))}.")
    if not isinstance(manifest["format"], int) or manifest["format"] > FORMAT:
        raise BackupError(
            f"{archive} was made by a newer winloss (archive format {manifest['format']}); "
            f"upgrade winloss, then restore."
        )
    members = manifest["members"]
    if not (
        isinstance(manifest["schema"], dict)
        and isinstance(members, list)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            for entry in members
        )
    ):
        raise BackupError(f"{archive}'s {MANIFEST} is malformed: its schema or members.")
    return manifest


def _check_engine(manifest: dict[str, Any], engine: str) -> None:
    if manifest["engine"] != engine:
        made, here = (ENGINE_NAMES.get(e, str(e)) for e in (manifest["engine"], engine))
        raise BackupError(
            f"This backup holds a {made} database but the settings point at {here}; restore it "
            f"onto {made} (DATABASE_URL)."
        )
    if engine == "postgresql":
        pg_tool("pg_restore")  # missing: said now, before anything is written


def _verify(zf: zipfile.ZipFile, manifest: dict[str, Any], archive: Path) -> None:
    """Every member the manifest lists is there, whole and unchanged; nothing else is."""
    engine = manifest["engine"]
    listed = {entry["path"] for entry in manifest["members"]}
    if DATABASE[engine] not in listed:
        raise BackupError(f"{archive} lists no {DATABASE[engine]}: it holds no database.")
    unlisted = sorted(set(zf.namelist()) - listed - {MANIFEST})
    if unlisted:
        raise BackupError(f"{archive} holds {unlisted[0]}, which its manifest does not list.")
    for entry in manifest["members"]:
        path = entry["path"]
        parts = PurePosixPath(path).parts
        inside = path == DATABASE[engine] or (
            path.startswith(MEDIA) and len(parts) > 1 and ".." not in parts
        )
        if not inside or path.startswith("/"):
            raise BackupError(f"{archive} lists {path!r}, outside the database and media.")
        try:
            info = zf.getinfo(path)
        except KeyError:
            raise BackupError(f"{archive} is missing {path}, which its manifest lists.") from None
        if info.file_size != entry["size"]:
            raise BackupError(
                f"{path} in {archive} is {info.file_size} bytes, not the {entry['size']} "
                f"its manifest says: the archive is damaged."
            )
        try:
            with zf.open(info) as source:
                size, sha256 = copy_hashing(source, None)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise BackupError(f"{path} in {archive} is damaged: {error}.") from None
        if (size, sha256) != (entry["size"], entry["sha256"]):
            raise BackupError(
                f"{path} in {archive} does not match its checksum: the archive is damaged."
            )


def _check_schema(manifest: dict[str, Any]) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in sorted(manifest["schema"].items()):
        if (app, name) not in known:
            raise BackupError(
                f"This backup's schema is newer than this winloss ({app} migration {name} is "
                f"not in its code); upgrade winloss, then restore."
            )


def _check_empty(connection: BaseDatabaseWrapper, storage: Storage) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        database = connection.settings_dict["NAME"]
        raise BackupError(
            f"The database {database} already holds {len(tables)} tables; restore into an empty "
            f"one (a new DATA_DIR, or an empty PostgreSQL database in DATABASE_URL)."
        )
    if next(walk(storage=storage), None) is not None:
        raise BackupError(
            f"{where(storage)} already holds files; empty it (or use a new DATA_DIR, or "
            "another S3_BUCKET)."
        )


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # Through the online backup API into the open connection: SQLite writes its own file,
    # journal and WAL as the settings configure them.
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as source:
        copy_sqlite(source, connection.connection, failure="Could not restore the SQLite database")


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path) -> None:
    # No owners or grants: the restored tables belong to the user the settings connect as,
    # which need not exist under the same name where the backup was made. One transaction:
    # a restore that fails leaves the database empty.
    done = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=pg_environment(connection),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise BackupError(f"pg_restore failed: {last_line(done.stderr)}")
