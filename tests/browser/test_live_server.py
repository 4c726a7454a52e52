"""The live server's request threads each use a connection of their own to the test database
file, as production's threads do (one in-memory connection shared by every thread is not safe)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections

pytestmark = pytest.mark.django_db(transaction=True)


def test_live_server_threads_open_their_own_connections(live_server: Any) -> None:
    connection = connections["default"]
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()
    assert not live_server.thread.connections_override
