"""The demo workspace for tests that need committed rows (a live server and a browser): built by
the real ``demo`` command the first time a test process asks, then copied back from memory.

Building the demo takes seconds; ``built_once`` cannot share it with such tests because their
rows must be committed for the server's requests to see them, and the database is emptied after
each. On SQLite the built database is copied page for page with SQLite's own backup API into a
second in-memory database, and copied back for the next test: the same rows, ids and sequences,
in milliseconds. On other engines the demo is built each time.
"""

import io
import sqlite3

from django.core.management import call_command
from django.db import connection

_copies: dict[str, sqlite3.Connection] = {}


def load_demo() -> None:
    """The demo workspace, committed, as ``winloss demo`` makes it on an empty database."""
    if connection.vendor != "sqlite":
        call_command("demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    live = connection.connection
    key = connection.settings_dict["NAME"]
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
