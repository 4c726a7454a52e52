"""The database-level guard on the audit tables.

PostgreSQL and SQLite both refuse UPDATE and DELETE on the entries table, and let the head row
(AuditHead) only move forward to an entry that exists with that hash, in triggers (migration
0005). On SQLite the triggers call `iro_audit_unguarded()`, a function registered on each of
our connections: it is false unless code inside this process has opened `unguarded()` (only
the test suite does, to empty the database between tests). A session without our function —
the sqlite3 shell, another program — fails the trigger too, so it is refused as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_unguarded: ContextVar[bool] = ContextVar("audit_unguarded", default=False)


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "iro_audit_unguarded", 0, lambda: int(_unguarded.get()), deterministic=False
        )


@contextmanager
def unguarded() -> Iterator[None]:
    """Let the audit tables be emptied or rewritten (SQLite only; tests)."""
    token = _unguarded.set(True)
    try:
        yield
    finally:
        _unguarded.reset(token)
