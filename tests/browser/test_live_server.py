"""The live server's request threads use the test's own in-memory SQLite connection (a
connection of their own would meet "database table is locked" under shared cache)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections

pytestmark = pytest.mark.django_db(transaction=True)


def test_live_server_threads_share_the_test_database_connection(live_server: Any) -> None:
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        pytest.skip("only in-memory SQLite hands its connection to the server threads")
    assert live_server.thread.connections_override.get("default") is connection
