"""The demo workspace for tests that need committed rows (a live server and a browser): built by
the real ``demo`` command the first time a test process asks, then copied back from memory.

Building the demo takes seconds; ``built_once`` cannot share it with such tests because their
rows must be committed for the server's requests to see them, and the database is emptied after
each. On SQLite the built database is copied page for page with SQLite's own backup API into a
second in-memory database, and copied back for the next test: the same rows, ids and sequences,
in milliseconds. On PostgreSQL every table's rows are kept in memory as ``COPY`` gives them,
with each sequence's value, and copied back into the emptied tables the same way. On other
engines the demo is built each time.
"""

import io
import sqlite3
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import connection, transaction

_copies: dict[str, sqlite3.Connection] = {}
_postgres_copies: dict[str, "_PostgresCopy"] = {}


def load_demo() -> None:
    """The demo workspace, committed, as ``winloss demo`` makes it on an empty database."""
    key = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        kept = _postgres_copies.get(key)
        if kept is None:
            call_command("demo", stdout=io.StringIO())
            _postgres_copies[key] = _PostgresCopy.of_database()
        else:
            kept.restore()
        return
    if connection.vendor != "sqlite":
        call_command("demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    live = connection.connection
    copy = _copies.get(key)
    if copy is None:
        call_command("demo", stdout=io.StringIO())
        _copies[key] = memory_copy(live)
    else:
        copy.backup(live)


def memory_copy(database: sqlite3.Connection) -> sqlite3.Connection:
    """A copy of a SQLite database in memory, page for page (SQLite's backup API), to write
    out or copy back later."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    database.backup(copy)
    return copy


@dataclass
class _PostgresCopy:
    """Every table's rows (but the migrations') in ``COPY``'s binary format, and every
    sequence's value."""

    rows: dict[str, bytes] = field(default_factory=dict)
    sequences: dict[str, int | None] = field(default_factory=dict)

    @classmethod
    def of_database(cls) -> "_PostgresCopy":
        kept = cls()
        with connection.cursor() as cursor:
            for table in _tables():
                with cursor.cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as out:
                    kept.rows[table] = b"".join(bytes(chunk) for chunk in out)
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences"
                " WHERE schemaname = current_schema()"
            )
            kept.sequences = dict(cursor.fetchall())
        return kept

    def restore(self) -> None:
        """Empty every table and fill it as it was; sequences carry on from where they were."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            names = ", ".join(f'"{table}"' for table in self.rows)
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            for table, data in self.rows.items():
                with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as into:
                    into.write(data)
            for sequence, value in self.sequences.items():
                if value is not None:
                    cursor.execute("SELECT setval(%s, %s)", [f'"{sequence}"', value])


def _tables() -> list[str]:
    return [
        table
        for table in connection.introspection.table_names(include_views=False)
        if table != "django_migrations"
    ]
