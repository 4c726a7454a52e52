"""Writing many rows quickly, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from django.db import connection, models

T = TypeVar("T")
BATCH = 1000


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update_rows(model: type[models.Model], objs: list[Any], fields: list[str]) -> None:
    """UPDATE each row by primary key with executemany: many times faster than bulk_update's
    CASE WHEN for thousands of rows, on SQLite and PostgreSQL alike."""
    if not objs:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns: list[Any] = [meta.get_field(name) for name in fields]
    pk_column: str = meta.pk.column
    # Only model metadata (quoted) goes into the SQL text; every value is a parameter.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET "  # nosec B608
        + ", ".join(f"{quote(c.column)} = %s" for c in columns)
        + f" WHERE {quote(pk_column)} = %s"
    )
    params = [
        [c.get_db_prep_save(getattr(o, c.attname), connection) for c in columns] + [o.pk]
        for o in objs
    ]
    with connection.cursor() as cursor:
        for chunk in chunks(params, BATCH):
            cursor.executemany(sql, chunk)
