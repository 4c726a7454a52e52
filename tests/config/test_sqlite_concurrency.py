"""`make run` on SQLite with several people at once never answers "database is locked"
(issue 27, finding 11): WAL, a busy timeout and IMMEDIATE transactions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.utils import ConnectionHandler

from config.settings import base

WRITERS = 6
TRANSACTIONS = 15


ALIAS = "concurrency_file"


@contextmanager
def _file_database(path: Path) -> Iterator[None]:
    """A database alias of its own on a file, with the development settings' SQLite options,
    so transaction.atomic(using=ALIAS) runs there and not on the test database."""
    database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(base.SQLITE_OPTIONS),
    }
    # ConnectionHandler fills in the settings Django expects of every alias.
    filled = ConnectionHandler({"default": database, ALIAS: database}).settings[ALIAS]
    connections.settings[ALIAS] = filled
    try:
        yield
    finally:
        connections[ALIAS].close()
        del connections.settings[ALIAS]


def test_development_sqlite_uses_wal_immediate_transactions_and_a_busy_timeout() -> None:
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        options = settings.DATABASES["default"]["OPTIONS"]
        assert options["transaction_mode"] == "IMMEDIATE"
        assert options["timeout"] >= 5
        assert "journal_mode=WAL" in options["init_command"]


def test_concurrent_read_then_write_transactions_on_a_file_database_all_commit(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    # A database of its own, not the test database: pytest-django need not manage it.
    with django_db_blocker.unblock(), _file_database(tmp_path / "shared.sqlite3"):
        _run_writers()


def _run_writers() -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, writer INTEGER, seen INTEGER)")
    connections[ALIAS].close()

    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        connection = connections[ALIAS]  # one connection per thread
        try:
            start.wait()
            for _ in range(TRANSACTIONS):
                # Read, then write in the same transaction: the pattern that fails at once
                # with "database is locked" when transactions begin DEFERRED.
                with transaction.atomic(using=ALIAS), connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM entry")
                    seen = cursor.fetchone()[0]
                    cursor.execute(
                        "INSERT INTO entry (writer, seen) VALUES (%s, %s)", [number, seen]
                    )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT seen) FROM entry")
        total, distinct_seen = cursor.fetchone()
    # Every transaction committed, and each saw the rows before it: no two read the same count.
    assert total == distinct_seen == WRITERS * TRANSACTIONS
