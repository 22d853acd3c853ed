"""Batched inserts and updates for imports, one ``executemany`` (or a COPY) per batch.

Shared by the imports that write thousands of rows at once (the CRM deals import, the survey
import). Why not ``bulk_create``/``bulk_update``: on this project's 2-core machine they write
about 7,000 deals a second. ``bulk_create`` turns every value of every row into SQL through the
field machinery and, on SQLite, is capped at 999 parameters a statement (38 deals);
``bulk_update`` builds a ``CASE WHEN`` per field. The deals import targets 20,000 rows a
second, so it prepares values itself — the same adapters the fields call (``connection.ops``) —
and lets the driver run one prepared statement many times. Table and column names still come
from the models, so a renamed field cannot drift from this SQL. Nothing here is called per row.

A raw insert sets nothing the model would: the caller gives every NOT NULL column, defaults
(``version``, from ``field_defaults``) and ``auto_now``/``auto_now_add`` timestamps included,
and gets no primary keys back (read them back by a natural key, in one query).
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connection, models
from django.utils import timezone

Adapter = Callable[[Any], Any]
# (column index, its adapter, whether its values repeat across rows)
Plan = list[tuple[int, Adapter, bool]]


def _adapter(field: models.Field) -> Adapter | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        if connection.vendor == "sqlite":
            # What Django's registered Decimal adapter does, minus the driver's per-value
            # adapter lookup (a tenth of the insert time).
            return str
        digits, places = field.max_digits, field.decimal_places
        return lambda value: ops.adapt_decimalfield_value(value, digits, places)
    return None


def adapter(model: type[models.Model], attname: str) -> Adapter:
    """The driver-ready form of a field's values (identity for text, numbers, booleans)."""
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return _adapter(field) or (lambda value: value)


def _repeats(field: models.Field) -> bool:
    """Dates and timestamps repeat across rows (worth adapting once); amounts do not."""
    return isinstance(field, models.DateField)


def _column(field: models.Field) -> str:
    """The quoted column of a concrete field (the stubs allow none, as a virtual field has)."""
    if field.column is None:
        raise ValueError(f"{field} has no column")
    return connection.ops.quote_name(field.column)


def _prepare(model: type[models.Model], attnames: Sequence[str]) -> tuple[list[str], Plan]:
    fields = {f.attname: f for f in model._meta.concrete_fields}
    plan: Plan = []
    for index, attname in enumerate(attnames):
        adapter = _adapter(fields[attname])
        if adapter is not None:
            plan.append((index, adapter, _repeats(fields[attname])))
    return [_column(fields[a]) for a in attnames], plan


def _adapted(rows: Iterable[Sequence[Any]], plan: Plan) -> list:
    if not plan:
        return rows if isinstance(rows, list) else list(rows)
    out = []
    # Every row carries the same "now" and a few hundred distinct dates: adapt each once.
    memo: dict[tuple[int, Any], Any] = {}
    for row in rows:
        values = list(row)
        for i, adapt, repeats in plan:
            value = values[i]
            if value is None:
                continue
            if not repeats:
                values[i] = adapt(value)
                continue
            key = (i, value)
            if key not in memo:
                if len(memo) > 4096:
                    memo.clear()
                memo[key] = adapt(value)
            values[i] = memo[key]
        out.append(values)
    return out


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    prepared: bool = False,
) -> None:
    """INSERT ``rows`` (values in ``attnames`` order); every NOT NULL column must be given.

    ``prepared`` rows already hold driver-ready values (see ``adapter``).
    """
    if not rows:
        return
    columns, plan = _prepare(model, attnames)
    if prepared:
        plan = []
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql" and len(rows) >= COPY_FROM:
        _copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", _adapted(rows, plan))
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _adapted(rows, plan))


# From this many rows on, PostgreSQL is sent them as one COPY stream (psycopg's ``copy``)
# instead of one INSERT a row: about twice as fast for the thousands an import or a survey
# send writes, with the same constraints checked and the same errors (Django's, wrapped).
COPY_FROM = 500


def _copy(sql: str, rows: Iterable[Sequence[Any]]) -> None:
    with connection.cursor() as cursor:
        # Counted and logged as one query where Django logs queries (DEBUG, tests): the COPY
        # goes past the cursor wrapper that would.
        logged = getattr(cursor, "debug_sql", None)
        with (
            logged(sql) if logged else nullcontext(),
            connection.wrap_database_errors,
            cursor.cursor.copy(sql) as copy,
        ):
            for row in rows:
                copy.write_row(row)


def update_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    bump_version: bool = True,
) -> None:
    """UPDATE by primary key: each row is the ``attnames`` values followed by the pk.

    ``bump_version`` adds one to ``version``, so an edit form opened before the import is told
    the record changed under it instead of overwriting the import (``lib.concurrency``).
    """
    if not rows:
        return
    columns, plan = _prepare(model, attnames)
    sets = [f"{c} = %s" for c in columns]
    if bump_version:
        version = _column(next(f for f in model._meta.concrete_fields if f.name == "version"))
        sets.append(f"{version} = {version} + 1")
    table, pk = connection.ops.quote_name(model._meta.db_table), _column(model._meta.pk)
    sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {pk} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _adapted(rows, plan))


# SQLite's default page cache is 2 MB; the deals table's six indexes outgrow it within a few
# thousand rows and every insert then re-reads pages. A fixed 64 MB for the length of an import
# makes it a third faster and does not grow with the file.
IMPORT_PAGE_CACHE_KIB = 64 * 1024


@contextmanager
def larger_page_cache() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def field_defaults(model: type[models.Model], *, given: Iterable[str]) -> dict[str, Any]:
    """What a new instance would store in the columns an insert does not give: the declared
    defaults (``version``, counters), ``""`` for text, NULL for the rest. A raw insert skips the
    model, so these must be written out; a timestamp left out fails loudly (NOT NULL)."""
    given = set(given)
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in given
    }


def insert_instances(
    instances: Sequence[models.Model], *, read_back: models.QuerySet, key: Sequence[str]
) -> None:
    """INSERT unsaved instances of one model in one ``executemany``, then give each its
    primary key, read back in one query: ``read_back`` narrows to the rows just written and
    ``key`` names the fields that tell them apart (a nonce; a deal within one send).

    For batches of thousands that ``bulk_create`` turns into SQL value by value (a survey send
    writes 60,000 rows). ``save()`` is not called: whatever it would set must be set already;
    ``auto_now``/``auto_now_add`` timestamps left empty get one shared "now"."""
    if not instances:
        return
    model = type(instances[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    attnames = [f.attname for f in fields]
    now = timezone.now()
    stamped = [
        i
        for i, f in enumerate(fields)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    rows = []
    for instance in instances:
        row = [getattr(instance, attname) for attname in attnames]
        for i in stamped:
            if row[i] is None:
                row[i] = now
                setattr(instance, attnames[i], now)
        rows.append(row)
    insert_rows(model, attnames, rows)
    ids = {tuple(values[:-1]): values[-1] for values in read_back.values_list(*key, "pk")}
    for instance in instances:
        instance.pk = ids[tuple(getattr(instance, name) for name in key)]
        instance._state.adding = False
