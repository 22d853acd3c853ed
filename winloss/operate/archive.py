"""The backup archive's format: one ZIP file holding the database, the stored files under
``media/`` and a ``manifest.json`` that lists every other member with its size and sha256.

ZIP rather than .tar.gz: its central directory lets a restore read the manifest first without
unpacking the database; each member is compressed and CRC-checked on its own, so damage is
found and named member by member; the PostgreSQL dump (already compressed) is stored as is;
and every operating system opens it.
"""

import hashlib
import os
import shutil
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from typing import IO, Any

from django.db.backends.base.base import BaseDatabaseWrapper

from winloss.lib.errors import DomainError

FORMAT = 1  # raised when a restore could no longer read an older archive the same way
MANIFEST = "manifest.json"
MEDIA = "media/"
# The database's member, by engine.
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024


class BackupError(DomainError):
    """A backup or restore that cannot be made, with what to do about it."""


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def winloss_version() -> str:
    try:
        return version("winloss")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def schema_of(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app, as the migration recorder has them."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        # Names begin with their zero-padded number, so the greatest is the latest.
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def copy_hashing(source: IO[bytes], target: IO[bytes] | None) -> tuple[int, str]:
    """Copy ``source`` into ``target`` (or only read it), returning its size and sha256."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return size, digest.hexdigest()


def member(path: str, size: int, sha256: str) -> dict[str, Any]:
    return {"path": path, "size": size, "sha256": sha256}


def pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The libpq variables that point pg_dump and pg_restore at ``connection``'s database:
    the password travels in the environment, never on a command line others can read."""
    settings = connection.settings_dict
    _, env = connection.client.settings_to_cmd_args_env(settings, [])
    named = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGDATABASE": settings.get("NAME"),
    }
    return {
        **os.environ,
        **{key: str(value) for key, value in named.items() if value},
        **(env or {}),
    }


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools (the server's major "
            f"version or newer) and run again."
        )
    return found


def last_line(text: str) -> str:
    """A tool's error in one line: the last it printed."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def copy_sqlite(source: sqlite3.Connection, target: sqlite3.Connection, *, failure: str) -> None:
    """Every page of ``source`` into ``target`` with SQLite's online backup API."""
    try:
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(f"{failure}: {error}.") from None
