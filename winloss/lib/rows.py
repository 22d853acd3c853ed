"""Model rows read with one hand-written SELECT, for the few reads every request makes.

Why not the ORM: on this project's 2-core machine Django spends 0.3–1 ms building the SQL of
each query (joins, selected columns, converters) before the database answers in a tenth of
that; for the reads under every API call (the token's owner, membership and workspace) and
under every code, that building was most of the request. The SQL here is written once, its
table and column names taken from the models (a renamed field cannot drift from it), and the
rows are turned into model instances the way the ORM does (``Model.from_db``, with each
column's converters: time zones, booleans, JSON). Nothing is cached but the SQL: every call
reads the database, so a change (a revoked token, a removed member) counts at once.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

M = TypeVar("M", bound=models.Model)

Converter = Any  # (value, expression, connection) -> value


class Columns(Generic[M]):
    """Every concrete column of ``model`` under the table alias ``alias``: its part of a
    SELECT list, and the instance made from that part of a row."""

    def __init__(self, model: type[M], alias: str) -> None:
        self.model, self.alias = model, alias
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.table = model._meta.db_table

    def __len__(self) -> int:
        return len(self.fields)

    def select(self) -> str:
        """``alias."col", alias."col2", …`` in the fields' order."""
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column or '')}" for f in self.fields)

    def build(self, values: Sequence[Any]) -> M:
        """The instance of these values (as many as there are columns, in their order)."""
        db = connections[DEFAULT_DB_ALIAS]  # this thread's, as ``connection`` is
        converted = list(values)
        for index, column, converters in _converters(self.model, db):
            value = converted[index]
            for convert in converters:
                value = convert(value, column, db)
            converted[index] = value
        return self.model.from_db(db.alias, self.attnames, converted)


@cache
def _converters(
    model: type[models.Model], db: BaseDatabaseWrapper
) -> list[tuple[int, Any, list[Converter]]]:
    """(index, column expression, converters) for each column that needs converting, as the
    ORM's compiler finds them; once per model and connection."""
    found = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = db.ops.get_db_converters(column) + field.get_db_converters(db)
        if converters:
            found.append((index, column, converters))
    return found


def partial(model: type[M], **values: Any) -> M:
    """An instance of ``model`` with only these fields loaded (by attname; the others are
    deferred, as ``only()`` leaves them), for values that need no converting."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    db = connections[DEFAULT_DB_ALIAS]
    return model.from_db(db.alias, names, [values[name] for name in names])


def insert(instance: models.Model) -> None:
    """Write a new ``instance`` as ``save(force_insert=True)`` does — each field's own
    preparation (defaults already set, ``auto_now_add``, JSON, time zones), the new primary
    key set on it — with an INSERT written once per model. It sends no ``pre_save`` or
    ``post_save`` signal: only for models nothing listens to, written on every request."""
    db = connections[DEFAULT_DB_ALIAS]
    model = type(instance)
    fields = _insert_fields(model)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection=db) for f in fields]
    returning = db.features.can_return_columns_from_insert
    with db.cursor() as cursor:
        cursor.execute(_insert_sql(model, db.vendor, returning), values)
        if returning:
            row = cursor.fetchone()
            pk = row[0] if row else None
        else:
            pk = db.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column or "")
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = db.alias


@cache
def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    auto = model._meta.auto_field
    return [f for f in model._meta.concrete_fields if f is not auto]


@cache
def _insert_sql(model: type[models.Model], vendor: str, returning: bool) -> str:
    quote = connection.ops.quote_name
    fields = _insert_fields(model)
    columns = ", ".join(quote(f.column or "") for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column or '')}"
    return sql
