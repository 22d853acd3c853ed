"""A small world for testing a data migration: an empty database beside the test database,
migrated only as far as the migrations under test need.

Migrating the test database backwards and forwards again re-renders every model of the project
for each migration on the way (tens of seconds); the migrations a data migration depends on are
a fraction of them. ``small_world`` makes an empty database (a SQLite file, or a PostgreSQL
database named after the test database), routes every query to it while the block runs, and
drops it after. Rows are written with the historical models ``migrate`` returns.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.test import override_settings

ALIAS = "small_world"


class _Everything:
    """Routes every read and write (the data migrations' too) to one database."""

    def __init__(self, alias: str) -> None:
        self.alias = alias

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return self.alias

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return self.alias


class SmallWorld:
    def __init__(self, alias: str) -> None:
        self.alias = alias

    def migrate(self, targets: list[tuple[str, str]]) -> Any:
        """Apply (or unapply) migrations up to ``targets``; the historical models there."""
        executor = MigrationExecutor(connections[self.alias])
        executor.migrate(targets)
        # Rendered afresh: the state migrate returns has had models swapped while it ran.
        return executor.loader.project_state(targets).apps


@contextmanager
def small_world(folder: Path) -> Iterator[SmallWorld]:
    """An empty database, its file in ``folder`` on SQLite, that every query uses until the
    block ends."""
    settings = dict(connection.settings_dict)
    postgres = connection.vendor == "postgresql"
    if postgres:
        settings["NAME"] = f"{settings['NAME']}_world"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    else:
        settings["NAME"] = str(folder / "world.sqlite3")
    # Put up as the test database's neighbour, not listed in the settings: Django's test case
    # allows such a connection where it would refuse a listed database the test did not name.
    connections[ALIAS] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, ALIAS)
    try:
        with override_settings(DATABASE_ROUTERS=[_Everything(ALIAS)]):
            yield SmallWorld(ALIAS)
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]
        if postgres:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
