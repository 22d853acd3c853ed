"""Full-text search over the words of coded excerpts, the same way on both databases.

- PostgreSQL: a stored generated ``tsvector`` column of the excerpts' table (the database
  computes it on every write, so nothing can leave it behind) with a GIN index, matched with
  ``websearch_to_tsquery``. Stored rather than an expression index: a plan that reads rows
  one by one checks a stored vector in a microsecond, where ``to_tsvector`` takes fifty.
  The column is not a field of the model, so the ORM never reads or writes it.
- SQLite: an FTS5 table over the excerpts' table (``content=``: it holds the index, not a second
  copy of the words), kept in step by triggers, so no write path — the coding services, bulk
  writes, the purge's updates, cascading deletes — can leave it behind.

Both stem English words ("priced" finds "pricing"). A query reads like a web search: every word
must appear, "a phrase" in double quotes, ``or`` between alternatives, ``-word`` leaves out.
This module is the only place that knows either database's syntax.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

CONFIG = "english"
TABLE = "evidence_excerpt_fts"
INDEX = "evidence_excerpt_text_idx"
COLUMN = "evidence_words"
EXCERPTS = "coding_codedexcerpt"

SQLITE_TRIGGERS = {
    f"{TABLE}_insert": f"AFTER INSERT ON {EXCERPTS} BEGIN "
    f"INSERT INTO {TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"{TABLE}_delete": f"AFTER DELETE ON {EXCERPTS} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"{TABLE}_update": f"AFTER UPDATE OF text ON {EXCERPTS} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {TABLE}(rowid, text) VALUES (new.id, new.text); END",
}
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    text: str
    left_out: bool = False  # "-word"
    alternative: bool = False  # "or" before it


def terms_of(query: str) -> list[Term]:
    """The query's words and phrases; ``or`` binds the term after it to the one before."""
    found: list[Term] = []
    alternative = False
    for match in TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None and word.lower() == "or":
            alternative = bool(found)
            continue
        if word is not None:
            minus, text = ("-", word[1:]) if word.startswith("-") else ("", word)
        else:
            text = phrase
        if not re.search(r"\w", text):
            continue  # punctuation alone matches nothing in either index
        found.append(Term(text, left_out=bool(minus), alternative=alternative and not minus))
        alternative = False
    return found


def _fts5_string(text: str) -> str:
    # Quoted, every term is a string for FTS5's tokenizer, never its syntax.
    return '"' + text.replace('"', '""') + '"'


def fts5_queries(query: str) -> tuple[str, str]:
    """The FTS5 expressions of the excerpts to keep and of those to leave out."""
    keep, leave = "", []
    for term in terms_of(query):
        if term.left_out:
            leave.append(_fts5_string(term.text))
        elif keep:
            keep += (" OR " if term.alternative else " AND ") + _fts5_string(term.text)
        else:
            keep = _fts5_string(term.text)
    return keep, " OR ".join(leave)


def matching(excerpts: QuerySet[Any], query: str) -> QuerySet[Any]:
    """``excerpts`` narrowed to those whose words match ``query`` (all of them if it is
    blank); the match is a condition in the same SQL, so filters, counts and pages follow."""
    if not query.strip():
        return excerpts
    if connections[excerpts.db].vendor == "postgresql":
        # The excerpts' table is the query's own (never a subquery here), so its name is its
        # alias.
        words = f'"{EXCERPTS}"."{COLUMN}" @@ websearch_to_tsquery(%s::regconfig, %s)'
        return excerpts.filter(RawSQL(words, [CONFIG, query], output_field=BooleanField()))
    keep, leave = fts5_queries(query)
    if not keep and not leave:
        return excerpts.none()
    found = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"
    if keep:
        excerpts = excerpts.filter(pk__in=RawSQL(found, [keep]))
    if leave:
        excerpts = excerpts.exclude(pk__in=RawSQL(found, [leave]))
    return excerpts


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the index if it is missing (and fill it); nothing when it is there."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE {EXCERPTS} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
                f"GENERATED ALWAYS AS (to_tsvector('{CONFIG}'::regconfig, COALESCE(text, ''))) "
                "STORED"
            )
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {EXCERPTS} USING gin ({COLUMN})")
            return
        if connection.vendor != "sqlite":
            return
        cursor.execute(
            "SELECT name FROM sqlite_master "
            "WHERE name = %s OR (type = 'trigger' AND tbl_name = %s)",
            [TABLE, EXCERPTS],
        )
        present = {row[0] for row in cursor.fetchall()}
        if present >= {TABLE, *SQLITE_TRIGGERS}:
            return
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(text, content='{EXCERPTS}', "
            "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        # Words written while a trigger was missing are indexed again from the table.
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")


def compact(connection: BaseDatabaseWrapper) -> None:
    """After words were purged: SQLite's FTS5 marks a changed row's old terms deleted but keeps
    them in its older segments until they merge; merging them now leaves no purged word in the
    index (and ``secure_delete`` zeroes the pages freed). PostgreSQL's generated column changes
    with the row itself."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
        if cursor.fetchone():
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            cursor.execute(f"ALTER TABLE {EXCERPTS} DROP COLUMN IF EXISTS {COLUMN}")
        elif connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def keep_installed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: the index is back if a migration of the excerpts dropped it."""
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    # Only once the evidence app's own migration has made it: before, there is nothing yet.
    if not MigrationRecorder(connection).migration_qs.filter(app="evidence").exists():
        return
    install(connection)
