"""Writing many rows quickly, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.db import connection, models

T = TypeVar("T")
BATCH = 1000
UNNEST_BATCH = 10000


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _text(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)


def _same(value: Any) -> Any:
    return value


_PLAIN = (models.IntegerField, models.BooleanField, models.ForeignKey)


def db_value_preparer(field: Any) -> Callable[[Any], Any]:
    """What turns a value of ``field`` into its database value: plain text, numbers and keys as
    they are, dates through the database's adapter, anything else through the field's own
    `get_db_prep_save` (the same values, without its per-value overhead on plain columns)."""
    if isinstance(field, models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.CharField | models.TextField):
        # Choices (Review.Status.HELD) go in as their plain text value.
        return _text
    if isinstance(field, _PLAIN):
        return _same
    return lambda value: field.get_db_prep_save(value, connection)


def _array_types(columns: list[Any]) -> list[str]:
    # The column's own type (the key's for a foreign key): unnest's arrays are typed by them.
    return [
        (c.target_field if c.is_relation else c).cast_db_type(connection) + "[]" for c in columns
    ]


def _by_column(rows: list[list[Any]], width: int) -> list[list[Any]]:
    return [[row[i] for row in rows] for i in range(width)]


def update_rows(model: type[models.Model], objs: list[Any], fields: list[str]) -> None:
    """UPDATE each row by primary key: on PostgreSQL one statement a batch joining an unnest
    of one array per column, elsewhere executemany; many times faster than bulk_update's CASE
    WHEN for thousands of rows."""
    if not objs:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns: list[Any] = [meta.get_field(name) for name in fields]
    pk_column: str = meta.pk.column
    prepare = [db_value_preparer(c) for c in columns]
    names = [c.attname for c in columns]
    params = [
        [p(getattr(o, name)) for p, name in zip(prepare, names, strict=True)] + [o.pk] for o in objs
    ]
    table = quote(meta.db_table)
    # Only model metadata (quoted) goes into the SQL text; every value is a parameter.
    if connection.vendor == "postgresql":
        types = _array_types([*columns, meta.pk])
        aliases = [f"c{i}" for i in range(len(columns))]
        sql = (
            f"UPDATE {table} SET "  # nosec B608
            + ", ".join(f"{quote(c.column)} = v.{a}" for c, a in zip(columns, aliases, strict=True))
            + " FROM unnest("
            + ", ".join(f"%s::{t}" for t in types)
            + f") AS v({', '.join(aliases)}, pk) WHERE {table}.{quote(pk_column)} = v.pk"
        )
        with connection.cursor() as cursor:
            for chunk in chunks(params, UNNEST_BATCH):
                cursor.execute(sql, _by_column(chunk, len(types)))
        return
    sql = (
        f"UPDATE {table} SET "  # nosec B608
        + ", ".join(f"{quote(c.column)} = %s" for c in columns)
        + f" WHERE {quote(pk_column)} = %s"
    )
    with connection.cursor() as cursor:
        for chunk in chunks(params, BATCH):
            cursor.executemany(sql, chunk)


def upsert_rows(model: type[models.Model], objs: list[Any], fields: list[str]) -> None:
    """INSERT rows with their primary keys, or UPDATE `fields` of a row already there (INSERT
    ... ON CONFLICT, on SQLite and PostgreSQL alike; on PostgreSQL from an unnest of one array
    per column, elsewhere with executemany): what `bulk_create` with `update_conflicts` does,
    without building its SQL value by value."""
    if not objs:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns: list[Any] = [meta.pk, *(meta.get_field(name) for name in fields)]
    pk_column = quote(meta.pk.column)
    # Only model metadata (quoted) goes into the SQL text; every value is a parameter.
    head = (
        f"INSERT INTO {quote(meta.db_table)} ("  # nosec B608
        + ", ".join(quote(c.column) for c in columns)
        + ") "
    )
    tail = (
        f" ON CONFLICT ({pk_column}) DO UPDATE SET "  # nosec B608
        + ", ".join(f"{quote(c.column)} = EXCLUDED.{quote(c.column)}" for c in columns[1:])
    )
    prepare = [db_value_preparer(c) for c in columns]
    names = [c.attname for c in columns]
    params = [[p(getattr(o, name)) for p, name in zip(prepare, names, strict=True)] for o in objs]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = _array_types(columns)
            unnest = ", ".join(f"%s::{t}" for t in types)
            sql = head + f"SELECT * FROM unnest({unnest})" + tail  # nosec B608
            for chunk in chunks(params, UNNEST_BATCH):
                cursor.execute(sql, _by_column(chunk, len(types)))
            return
        sql = head + "VALUES (" + ", ".join(["%s"] * len(columns)) + ")" + tail
        for chunk in chunks(params, BATCH):
            cursor.executemany(sql, chunk)
